import Glibc
import SystemPackage

/// A private directory in memory-backed storage for plaintext that must exist as a file for a
/// moment (the inputs of `git merge-file`): mode 0700, files 0600, removed when `withWorkspace`
/// returns or throws, and by a handler if SIGINT, SIGTERM, SIGHUP or SIGQUIT arrives meanwhile.
final class TmpfsWorkspace {
    let directory: String
    private var files: [String] = []

    private init(directory: String) { self.directory = directory }

    /// Runs `body` with a fresh workspace under `$XDG_RUNTIME_DIR` or `/dev/shm`, whichever is
    /// tmpfs; refuses when neither is (plaintext must not reach a disk).
    static func withWorkspace<T>(environment: [String: String], _ body: (TmpfsWorkspace) async throws -> T) async throws -> T {
        let candidates = [environment["XDG_RUNTIME_DIR"], "/dev/shm"].compactMap { $0 }.filter { !$0.isEmpty }
        guard let base = candidates.first(where: isTmpfs) else {
            throw GitFilterError(.refused, "no tmpfs for decrypted merge inputs (tried \(candidates.joined(separator: ", ")))",
                                 hint: "set XDG_RUNTIME_DIR to a tmpfs directory, or mount /dev/shm")
        }
        var template = Array((base + "/gitsops-merge-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw GitFilterError(.io, "cannot create a private directory in \(base): \(Errno(rawValue: errno))")
        }
        let workspace = TmpfsWorkspace(directory: String(cString: made))
        SignalCleanup.register(workspace.directory)
        defer {
            workspace.removeAll()
            SignalCleanup.unregister(workspace.directory)
        }
        return try await body(workspace)
    }

    /// Writes `bytes` to a new 0600 file `name` in the workspace; returns its path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = directory + "/" + name
        SignalCleanup.register(path)
        files.append(path)
        let fd = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .exclusiveCreate, .noFollow],
                                         permissions: [.ownerReadWrite])
        try fd.closeAfter { _ = try fd.writeAll(bytes) }
        return path
    }

    private func removeAll() {
        for file in files.reversed() {
            unlink(file)
            SignalCleanup.unregister(file)
        }
        rmdir(directory)
    }

    /// Whether `path` lies on tmpfs or ramfs: the longest mount point containing it, per
    /// /proc/self/mounts (statfs(2) is not visible from Swift's Glibc module).
    static func isTmpfs(_ path: String) -> Bool {
        guard let resolved = realpath(path, nil) else { return false }
        let target = String(cString: resolved)
        free(resolved)
        guard let fd = try? FileDescriptor.open("/proc/self/mounts", .readOnly),
              let bytes = try? fd.closeAfter({ try DescriptorIO.readAll(fd) }) else { return false }
        var best: (length: Int, type: Substring)?
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let mountPoint = String(fields[1]).replacing("\\040", with: " ")
            let contains = target == mountPoint || mountPoint == "/" || target.hasPrefix(mountPoint + "/")
            if contains, mountPoint.count >= (best?.length ?? -1) { best = (mountPoint.count, fields[2]) }
        }
        return best.map { $0.type == "tmpfs" || $0.type == "ramfs" } ?? false
    }
}

/// Paths to remove if the process is killed by a catchable signal. The handler only calls
/// async-signal-safe functions (unlink, rmdir, signal, raise) on a fixed table of C strings.
enum SignalCleanup {
    static let capacity = 16
    nonisolated(unsafe) static let table = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
    nonisolated(unsafe) static var installed = false
    static let signals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

    static func register(_ path: String) {
        if !installed {
            table.initialize(repeating: nil, count: capacity)
            for signal in signals { Glibc.signal(signal, handler) }
            installed = true
        }
        for i in 0..<capacity where table[i] == nil {
            table[i] = strdup(path)
            return
        }
    }

    static func unregister(_ path: String) {
        for i in 0..<capacity {
            if let entry = table[i], String(cString: entry) == path {
                table[i] = nil
                free(entry)
            }
        }
    }

    /// Removes files before their directory (entries are registered directory first).
    private static let handler: @convention(c) (Int32) -> Void = { signal in
        var i = SignalCleanup.capacity - 1
        while i >= 0 {
            if let entry = SignalCleanup.table[i] {
                if unlink(entry) != 0 { rmdir(entry) }
            }
            i -= 1
        }
        Glibc.signal(signal, SIG_DFL)
        raise(signal)
    }
}
