public import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads and the file system questions gitsops asks (the one place that calls the C
/// library for them). Paths are plain strings: most come from git, the user or `/proc`.
public enum Files {
    /// The whole contents of the file at `path` (not following a final symbolic link when
    /// `noFollow`); fails when it holds more than `limit` bytes.
    public static func read(_ path: String, noFollow: Bool = false, limit: Int = .max) throws(PlatformError) -> [UInt8] {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: noFollow ? [.noFollow] : [])
        } catch {
            throw PlatformError(.io, "cannot open the file: \(error)", path: path)
        }
        defer { try? descriptor.close() }
        return try read(descriptor, path: path, limit: limit)
    }

    /// Everything until end of input on `descriptor` (a file, a pipe or stdin); `path` names it
    /// in errors.
    public static func read(_ descriptor: FileDescriptor, path: String? = nil, limit: Int = .max) throws(PlatformError) -> [UInt8] {
        let bytes: [UInt8]?
        do {
            bytes = try descriptor.readToEnd(limit: limit)
        } catch {
            throw PlatformError(.io, "cannot read the file: \(error)", path: path)
        }
        guard let bytes else {
            let size = limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes"
            throw PlatformError(.io, "larger than \(size)", path: path)
        }
        return bytes
    }

    /// Creates `path` with `bytes` and `permissions` (exactly, whatever the umask), creating
    /// missing parent directories 0700; fails with `.exists` rather than replace a file.
    public static func createNew(_ path: String, with bytes: UnsafeRawBufferPointer, permissions: FilePermissions) throws(PlatformError) {
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            try createDirectories(String(path[..<slash]), permissions: .ownerReadWriteExecute)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions.rawValue)
        guard fd >= 0 else {
            if errno == EEXIST { throw PlatformError(.exists, "the file already exists", path: path) }
            throw PlatformError(.io, "cannot create the file: \(PlatformError.lastErrorText())", path: path)
        }
        let descriptor = FileDescriptor(rawValue: fd)
        defer { try? descriptor.close() }
        do {
            _ = try descriptor.writeAll(bytes)
            guard fchmod(fd, permissions.rawValue) == 0, fsync(fd) == 0 else { throw Errno(rawValue: errno) }
        } catch {
            unlink(path)
            throw PlatformError(.io, "cannot write the file: \(error)", path: path)
        }
    }

    /// Creates `path` and its missing parents as directories; existing ones are fine.
    public static func createDirectories(_ path: String, permissions: FilePermissions) throws(PlatformError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, permissions.rawValue) != 0 && errno != EEXIST {
                throw PlatformError(.io, "cannot create the directory \(current): \(PlatformError.lastErrorText())", path: path)
            }
        }
    }

    /// A new directory `<prefix>XXXXXX` (0700) in `parent`; nil when it cannot be made.
    public static func createTemporaryDirectory(in parent: String, prefix: String) -> String? {
        var template = Array("\(parent)/\(prefix)XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { return nil }
        return String(cString: made)
    }

    /// Creates a symbolic link at `path` pointing to `target`.
    public static func createSymbolicLink(_ path: String, to target: String) throws(PlatformError) {
        guard symlink(target, path) == 0 else {
            throw PlatformError(.io, "cannot create a symbolic link: \(PlatformError.lastErrorText())", path: path)
        }
    }

    /// Removes the file (not a directory) at `path`; false when there was none or it stays.
    @discardableResult
    public static func remove(_ path: String) -> Bool { unlink(path) == 0 }

    /// Whether something exists at `path` (a dangling symbolic link counts).
    public static func exists(_ path: String) -> Bool { status(path) != nil }

    /// Whether `path` is a directory (following symbolic links).
    public static func isDirectory(_ path: String) -> Bool { status(path, followingLinks: true)?.kind == .directory }

    /// Whether this process may execute `path`.
    public static func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    /// The canonical absolute path (symbolic links resolved), or nil when it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Where the symbolic link at `path` points, or nil when it is none.
    public static func linkTarget(_ path: String) -> String? {
        var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(path, &target, target.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The names in `directory` (without `.` and `..`), or nil when it cannot be read.
    public static func entries(of directory: String) -> [String]? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The current directory.
    public static func currentDirectory() -> String {
        guard let cwd = getcwd(nil, 0) else { return "." }
        defer { free(cwd) }
        return String(cString: cwd)
    }

    /// What `stat(2)` says about `path` (about a final symbolic link itself unless `followingLinks`).
    public static func status(_ path: String, followingLinks: Bool = false) -> FileStatus? {
        var info = stat()
        guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        return FileStatus(info)
    }
}

/// A file's metadata, as git records it in the index.
public struct FileStatus: Sendable {
    /// What kind of file it is.
    public enum Kind: Sendable, Equatable { case regular, directory, symbolicLink, other }

    public var kind: Kind
    /// The permission bits (`0o644`).
    public var permissions: UInt32
    public var size: Int64
    public var device: UInt64
    public var inode: UInt64
    public var userID: UInt32
    public var groupID: UInt32
    /// Last status change, as seconds and nanoseconds since 1970.
    public var changed: (seconds: Int64, nanoseconds: Int64)
    /// Last modification, as seconds and nanoseconds since 1970.
    public var modified: (seconds: Int64, nanoseconds: Int64)

    init(_ info: stat) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        default: kind = .other
        }
        permissions = UInt32(info.st_mode & 0o7777)
        size = Int64(info.st_size)
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        userID = info.st_uid
        groupID = info.st_gid
        changed = (Int64(info.st_ctim.tv_sec), Int64(info.st_ctim.tv_nsec))
        modified = (Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec))
    }
}
