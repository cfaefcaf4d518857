import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Where the signal handler reports a signal (set once, before any handler is installed).
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Cleans up open workspaces and child processes when SIGINT, SIGTERM, SIGHUP or SIGQUIT arrives,
/// then dies of the same signal.
public final class SignalCleanup: Sendable {
    /// The process-wide instance.
    public static let shared = SignalCleanup()
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    private struct State {
        var workspaces: [ObjectIdentifier: TmpfsWorkspace] = [:]
        var children: Set<pid_t> = []
        var installed = false
    }
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "gitsops.signals")

    func register(_ workspace: TmpfsWorkspace) {
        installIfNeeded()
        state.withLock { $0.workspaces[ObjectIdentifier(workspace)] = workspace }
    }

    func unregister(_ workspace: TmpfsWorkspace) {
        _ = state.withLock { $0.workspaces.removeValue(forKey: ObjectIdentifier(workspace)) }
    }

    /// A child (the editor) to terminate before cleaning up, so it cannot write after we scrub.
    public func registerChild(_ pid: pid_t) {
        installIfNeeded()
        _ = state.withLock { $0.children.insert(pid) }
    }

    /// The child has exited (or was never started).
    public func unregisterChild(_ pid: pid_t) {
        _ = state.withLock { $0.children.remove(pid) }
    }

    /// Installs the handlers synchronously (a dispatch signal source registers asynchronously, and
    /// a signal arriving before it does would be lost). The handler only writes the signal number
    /// to a pipe; a dispatch worker reads it and cleans up outside signal context.
    private func installIfNeeded() {
        state.withLock { state in
            guard !state.installed else { return }
            state.installed = true
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { return }
            // Not for the editor, kubectl or gpg: a child holding the write end could end us.
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            signalPipeWriteEnd = fds[1]
            let readEnd = fds[0]
            queue.async { [self] in
                var number: UInt8 = 0
                while true {
                    let count = read(readEnd, &number, 1)
                    if count == 1 { return terminate(by: Int32(number)) }
                    if count < 0 && errno == EINTR { continue }
                    return  // the pipe is gone: nothing can report a signal any more
                }
            }
            for number in Self.signals {
                var action = sigaction()
                action.__sigaction_handler.sa_handler = { number in
                    var byte = UInt8(truncatingIfNeeded: number)
                    _ = write(signalPipeWriteEnd, &byte, 1)
                }
                sigemptyset(&action.sa_mask)
                sigaction(number, &action, nil)
            }
        }
    }

    private func terminate(by number: Int32) {
        let (workspaces, children) = state.withLock { ($0.workspaces.values.map { $0 }, $0.children) }
        for child in children {
            kill(child, SIGTERM)
            // Wait without reaping (WNOWAIT): the subprocess library still owns the child's status.
            var info = siginfo_t()
            _ = waitid(P_PID, id_t(child), &info, WEXITED | WNOWAIT)
        }
        for workspace in workspaces { workspace.close() }
        signal(number, SIG_DFL)
        // Dispatch worker threads block signals; unblock it here so raise() kills the process.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
    }
}
