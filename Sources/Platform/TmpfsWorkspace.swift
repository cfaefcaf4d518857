import CStatfs
public import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// A private directory on tmpfs (0700, files 0600) for plaintext that has to exist as a file,
/// such as the copy an editor works on or the inputs of `git merge-file`. Every file in it is
/// overwritten and removed when the workspace closes, on errors, and on SIGINT, SIGTERM, SIGHUP
/// and SIGQUIT.
public final class TmpfsWorkspace: @unchecked Sendable {
    /// The private directory.
    public let directory: FilePath
    /// Whether `directory` is on tmpfs/ramfs (false only with `allowDisk`).
    public let isTmpfs: Bool
    private var kept = false

    /// tmpfs and ramfs `f_type` values from statfs(2) (linux/magic.h).
    static let memoryFileSystems: Set<Int> = [0x0102_1994, 0x8584_58f6]

    /// Runs `body` with a fresh workspace `<name>-XXXXXX` under `$XDG_RUNTIME_DIR` or `/dev/shm`
    /// (the first that is tmpfs), or under `$TMPDIR`//tmp when `allowDisk` is set and no tmpfs
    /// exists; removes it after.
    public static func withWorkspace<Result>(
        environment: [String: String], allowDisk: Bool = false, name: String = "gitsops",
        _ body: (TmpfsWorkspace) async throws -> Result
    ) async throws -> Result {
        let parent = try parentDirectory(environment: environment, allowDisk: allowDisk)
        let workspace = try TmpfsWorkspace(parent: parent, name: name)
        SignalCleanup.shared.register(workspace)
        defer {
            SignalCleanup.shared.unregister(workspace)
            workspace.close()
        }
        return try await body(workspace)
    }

    /// The first candidate directory that is on tmpfs.
    static func parentDirectory(environment: [String: String], allowDisk: Bool, candidates: [String]? = nil) throws(PlatformError) -> (FilePath, Bool) {
        var candidates = candidates ?? []
        if candidates.isEmpty {
            if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") { candidates.append(runtime) }
            candidates.append("/dev/shm")
        }
        for candidate in candidates where isMemoryFileSystem(candidate) {
            return (FilePath(candidate), true)
        }
        if allowDisk {
            let temporary = environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
            return (FilePath(temporary), false)
        }
        throw PlatformError(
            .noTmpfs, "no tmpfs directory for plaintext files (tried \(candidates.joined(separator: ", ")))",
            hint: "set XDG_RUNTIME_DIR to a tmpfs directory, or mount /dev/shm")
    }

    /// Whether `path` lives on tmpfs or ramfs, by statfs(2) magic.
    public static func isMemoryFileSystem(_ path: String) -> Bool {
        var info = statfs()
        guard statfs(path, &info) == 0 else { return false }
        return memoryFileSystems.contains(Int(info.f_type))
    }

    private init(parent: (FilePath, Bool), name: String) throws(PlatformError) {
        var template = Array(parent.0.appending("\(name)-XXXXXX").string.utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard created != nil else {
            throw PlatformError(.io, "cannot create a private directory: \(PlatformError.lastErrorText())",
                                    path: parent.0.string)
        }
        directory = FilePath(String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        isTmpfs = parent.1
        guard chmod(directory.string, 0o700) == 0 else {
            rmdir(directory.string)
            throw PlatformError(.io, "cannot restrict the private directory", path: directory.string)
        }
    }

    /// The path of `name` inside the workspace.
    public func path(_ name: String) -> FilePath { directory.appending(name) }

    /// Writes `bytes` to `name` (created 0600, never following links), replacing it if present;
    /// returns its path.
    @discardableResult
    public func write(_ bytes: [UInt8], to name: String) throws -> FilePath {
        let target = path(name)
        _ = unlink(target.string)
        let fd = try FileDescriptor.open(target, .writeOnly, options: [.create, .exclusiveCreate, .noFollow],
                                         permissions: [.ownerReadWrite])
        try fd.closeAfter { _ = try fd.writeAll(bytes) }
        return target
    }

    /// The current contents of `name`.
    public func read(_ name: String) throws -> [UInt8] {
        let fd = try FileDescriptor.open(path(name), .readOnly, options: [.noFollow])
        return try fd.closeAfter { try fd.readToEnd() }
    }

    /// Leaves the workspace in place when it closes (the edit could not be saved elsewhere).
    public func keep() { kept = true }

    /// Overwrites every file with zeros, removes it, and removes the directory (unless kept).
    func close() {
        guard !kept else { return }
        Self.scrub(directory: directory.string)
    }

    /// Overwrites and removes every entry of `directory`, then the directory itself.
    static func scrub(directory: String) {
        guard let dir = opendir(directory) else { return }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(dir)
        for name in names {
            let file = directory + "/" + name
            overwrite(file)
            if unlink(file) != 0 { scrub(directory: file) }
        }
        rmdir(directory)
    }

    /// Overwrites a regular file's bytes with zeros in place.
    private static func overwrite(_ file: String) {
        let fd = open(file, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { Glibc.close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
        let zeros = [UInt8](repeating: 0, count: 4096)
        var remaining = Int(info.st_size)
        while remaining > 0 {
            let n = zeros.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, min(remaining, 4096)) }
            if n <= 0 { break }
            remaining -= n
        }
        fsync(fd)
    }
}
