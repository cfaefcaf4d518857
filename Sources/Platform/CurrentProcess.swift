#if canImport(Glibc)
import Glibc
#endif

/// This process: its ids, how it ends, and how it treats a closed pipe.
public enum CurrentProcess {
    /// This process's id.
    public static var id: Int32 { getpid() }

    /// The parent process's id.
    public static var parentID: Int32 { getppid() }

    /// The environment this process was started with (the first value wins for a repeated name).
    public static func environment() -> [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "="), variables[String(text[..<equals])] == nil {
                variables[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return variables
    }

    /// The host name of the machine ("" when it cannot be read).
    public static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// How many processors are online (at least 1).
    public static var onlineProcessors: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// Ends the process with `status` (buffered C output is flushed).
    public static func exit(_ status: Int32) -> Never { Glibc.exit(status) }

    /// Makes writing to a closed pipe fail with `EPIPE` instead of killing the process.
    public static func ignoreBrokenPipe() { signal(SIGPIPE, SIG_IGN) }

    /// Blocks the calling thread for `duration` (for synchronous waits; async code sleeps on a Task).
    public static func sleep(for duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}

/// Other processes, as Linux's `/proc` describes them (nil elsewhere or when a process is gone).
public enum ProcessTable {
    /// The parent of `pid` (field 4 of `/proc/PID/stat`, read after the command name, which may
    /// hold spaces and parentheses).
    public static func parent(of pid: Int32) -> Int32? {
        guard let bytes = try? Files.read("/proc/\(pid)/stat"), let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
        return fields.count > 1 ? Int32(String(decoding: fields[1], as: UTF8.self)) : nil
    }

    /// The arguments `pid` was started with (`/proc/PID/cmdline`).
    public static func commandLine(of pid: Int32) -> [String]? {
        guard let bytes = try? Files.read("/proc/\(pid)/cmdline"), !bytes.isEmpty else { return nil }
        return bytes.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether child `pid` has exited (or was already reaped), without reaping it: whoever started
    /// it keeps its status.
    public static func hasExited(_ pid: Int32) -> Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_signo == SIGCHLD
    }

    /// The paths of the files `pid` holds open (`/proc/PID/fd`; only our own processes are readable).
    public static func openFiles(of pid: Int32) -> [String] {
        let directory = "/proc/\(pid)/fd"
        return (Files.entries(of: directory) ?? []).filter { $0.first?.isNumber == true }
            .compactMap { Files.linkTarget(directory + "/" + $0) }
    }
}

/// Threads outside Swift's concurrency pool, for loops that block in C (libcurl's poll).
public enum DetachedThread {
    /// Runs `body` on a new detached thread; returns 0, or `pthread_create`'s error number.
    public static func start(_ body: @escaping () -> Void) -> Int32 {
        final class Box { let body: () -> Void; init(_ body: @escaping () -> Void) { self.body = body } }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { context in
            Unmanaged<Box>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            return rc
        }
        pthread_detach(thread)
        return 0
    }
}
