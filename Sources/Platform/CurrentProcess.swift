#if canImport(Glibc)
import Glibc
#endif

/// This process: its ids, how it ends, and how it treats a closed pipe.
public enum CurrentProcess {
    /// This process's id.
    public static var id: Int32 { getpid() }

    /// The parent process's id.
    public static var parentID: Int32 { getppid() }

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
