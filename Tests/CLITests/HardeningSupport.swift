import Foundation
import TestSupport
import Testing

/// A private directory on tmpfs (`/dev/shm`) with `tmp` (the sandbox's `TMPDIR`), `run` (its
/// `XDG_RUNTIME_DIR`, 0700) and `traces` (strace output, which holds plaintext), removed on deinit.
final class TmpfsArea: @unchecked Sendable {
    let root: URL
    var tmp: URL { root.appendingPathComponent("tmp") }
    var run: URL { root.appendingPathComponent("run") }
    var traces: URL { root.appendingPathComponent("traces") }

    init() throws {
        root = URL(fileURLWithPath: "/dev/shm/gitsops-harden-\(UUID().uuidString.prefix(8))")
        for dir in [tmp, run, traces] {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    /// What the children of a test get: temporary files and gitsops' workspaces on this tmpfs.
    var environment: [String: String?] { ["TMPDIR": tmp.path, "XDG_RUNTIME_DIR": run.path] }

    /// Files left in `tmp` and `run` (recursively).
    func leftovers() -> [String] {
        [tmp, run].flatMap { FileManager.default.enumerator(atPath: $0.path)?.allObjects as? [String] ?? [] }
    }

    deinit { try? FileManager.default.removeItem(at: root) }
}

/// Runs commands under `strace -f` and finds writes of plaintext to places other than the ones
/// allowed to hold it (working trees, tmpfs, pipes, sockets, /dev/null).
struct WriteTrace {
    /// One write syscall that carried a needle to a forbidden target.
    struct Leak: CustomStringConvertible {
        let command: String
        let target: String
        let syscall: String
        var description: String { "\(command): \(syscall) of plaintext to \(target)" }
    }

    let directory: URL
    private static let counter = Counter()

    /// Runs `executable` with `arguments` traced; the trace goes to a new file in `directory`.
    func run(_ executable: String, _ arguments: [String], in directory: URL, environment: [String: String?],
             stdin: Data = Data()) throws -> (result: Command.Result, trace: URL) {
        let trace = self.directory.appendingPathComponent("trace-\(Self.counter.next()).txt")
        let result = try Command.run("strace", ["-f", "-qq", "-y", "-s", "4194304", "-o", trace.path,
                                                "-e", "trace=write,pwrite64,writev,pwritev,pwritev2",
                                                executable] + arguments,
                                     in: directory, environment: environment, stdin: stdin)
        return (result, trace)
    }

    /// Writes in `trace` whose data contains a needle and whose target is not allowed.
    static func leaks(in trace: URL, command: String, needles: [String], allowed: [String]) throws -> [Leak] {
        let text = try String(decoding: Data(contentsOf: trace), as: UTF8.self)
        var leaks: [Leak] = []
        for line in text.split(separator: "\n") where needles.contains(where: { line.contains($0) }) {
            // `PID syscall(FD<target>, "data", ...)`
            guard let open = line.firstIndex(of: "("), let lt = line[open...].firstIndex(of: "<"),
                  let gt = line[lt...].firstIndex(of: ">") else { continue }
            let syscall = line[..<open].split(separator: " ").last.map(String.init) ?? ""
            guard syscall.hasPrefix("write") || syscall.hasPrefix("pwrite") else { continue }
            let target = String(line[line.index(after: lt)..<gt])
            if allowed.contains(where: { target.hasPrefix($0) }) { continue }
            leaks.append(Leak(command: command, target: target, syscall: syscall))
        }
        return leaks
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
    }
}

/// Every regular file under `directory` (recursively) whose bytes contain one of `needles`,
/// skipping paths for which `skip` (relative path) says so.
func filesContaining(_ needles: [String], under directory: URL, skip: (String) -> Bool = { _ in false }) -> [String] {
    let patterns = needles.map { Data($0.utf8) }
    var found: [String] = []
    guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [] }
    for case let relative as String in enumerator where !skip(relative) {
        let url = directory.appendingPathComponent(relative)
        guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
              let data = try? Data(contentsOf: url) else { continue }
        if patterns.contains(where: { data.range(of: $0) != nil }) { found.append(relative) }
    }
    return found
}
