import Foundation

/// A child process for tests: spawned in a process group of its own, with only the descriptors it
/// is handed as 0, 1 and 2 open in it, and its exit observed through its pid (a pidfd and
/// `waitpid`), never through a descriptor another process could hold.
///
/// Not Foundation's `Process`: it learns of an exit from end of file on a socket it leaves
/// inheritable, and closes the parent's other descriptors in the child only up to the highest one
/// open when it started. Tests run in parallel in one process, so a child spawned by one test at
/// the same moment could inherit another test's socket, and `waitUntilExit` then waited for that
/// unrelated child too: a test server living until the end of its test hung a run for good.
public final class ChildProcess: @unchecked Sendable {
    /// Where one of the child's standard descriptors comes from.
    public enum Stream {
        case inherit
        case null
        case descriptor(Int32)
    }

    /// How a child ended.
    public struct Termination: Sendable, Equatable {
        /// The exit code, or the signal number for a child killed by a signal (as `Process`).
        public let status: Int32
        public let bySignal: Bool
    }

    public let pid: pid_t
    /// Readable once the child has exited (-1 where pidfd_open is unavailable).
    let exitDescriptor: Int32
    private let lock = NSLock()
    private var termination: Termination?

    /// Starts `executable` (a path; see `Command.run` for names looked up on PATH).
    public init(_ executable: String, _ arguments: [String], directory: String? = nil,
                environment: [String: String], stdin: Stream = .null, stdout: Stream = .null,
                stderr: Stream = .null) throws {
        Self.ignoreSIGPIPE
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, stream) in [(STDIN_FILENO, stdin), (STDOUT_FILENO, stdout), (STDERR_FILENO, stderr)] {
            switch stream {
            case .inherit: break
            case .null: posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
            case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, target)
            }
        }
        if let directory { _ = Self.addChdir(&actions, directory) }
        _ = Self.addCloseFrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        // Test threads block signals the child must not start with (and SIGPIPE is ignored here).
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        self.pid = pid
        exitDescriptor = Self.pidfdOpen?(pid, 0) ?? -1
        if exitDescriptor >= 0 { _ = fcntl(exitDescriptor, F_SETFD, FD_CLOEXEC) }
    }

    deinit {
        if exitDescriptor >= 0 { close(exitDescriptor) }
    }

    /// How the child ended, if it has (reaps it).
    public var exited: Termination? { reap(blocking: false) }

    /// Waits for the child to end.
    @discardableResult
    public func wait() -> Termination { reap(blocking: true)! }

    /// Waits up to `timeout` seconds; `nil` if the child is still running.
    public func wait(timeout: TimeInterval) -> Termination? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let ended = exited { return ended }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return nil }
            if exitDescriptor >= 0 {
                var pfd = pollfd(fd: exitDescriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&pfd, 1, Int32(min(remaining, 1) * 1000) + 1)
            } else {
                usleep(10_000)
            }
        }
    }

    /// Sends `signal` to the child's process group (its own children too), unless it was reaped.
    public func signal(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if termination == nil { kill(-pid, signal) }
    }

    /// SIGTERM, then SIGKILL if the child is still there after `grace` seconds; waits for it.
    @discardableResult
    public func stop(grace: TimeInterval = 5) -> Termination {
        signal(SIGTERM)
        if let ended = wait(timeout: grace) { return ended }
        signal(SIGKILL)
        return wait()
    }

    private func reap(blocking: Bool) -> Termination? {
        lock.lock()
        defer { lock.unlock() }
        if let termination { return termination }
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == pid { break }
            if result == -1 && errno == EINTR { continue }
            return nil
        }
        let signalNumber = status & 0x7f
        termination = signalNumber == 0 ? Termination(status: (status >> 8) & 0xff, bySignal: false)
                                        : Termination(status: signalNumber, bySignal: true)
        return termination
    }

    /// A test writing to a child that already exited gets EPIPE instead of dying of SIGPIPE.
    private static let ignoreSIGPIPE: Void = { _ = Glibc.signal(SIGPIPE, SIG_IGN) }()

    // glibc functions Swift's Glibc module does not export.
    private static let addChdir = unsafeBitCast(symbol("posix_spawn_file_actions_addchdir_np")!,
        to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)
    private static let addCloseFrom = unsafeBitCast(symbol("posix_spawn_file_actions_addclosefrom_np")!,
        to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    private static let pidfdOpen = symbol("pidfd_open").map {
        unsafeBitCast($0, to: (@convention(c) (pid_t, UInt32) -> Int32).self)
    }

    static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)
    }
}
