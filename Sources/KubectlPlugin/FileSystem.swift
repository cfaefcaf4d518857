import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Small file helpers: whole-file reads and atomic replacement (temp file beside the target + rename).
enum FileSystem {
    /// The whole contents of `path`.
    static func readFile(_ path: FilePath) throws -> [UInt8] {
        do {
            let fd = try FileDescriptor.open(path, .readOnly)
            return try fd.closeAfter {
                var bytes: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = try chunk.withUnsafeMutableBytes { try fd.read(into: $0) }
                    if n == 0 { return bytes }
                    bytes.append(contentsOf: chunk[0..<n])
                }
            }
        } catch let error as Errno {
            throw KubectlPluginError(.io, "cannot read: \(error)", path: path.string)
        }
    }

    /// Whether `path` exists (without following a final symbolic link).
    static func exists(_ path: FilePath) -> Bool {
        var info = stat()
        return lstat(path.string, &info) == 0
    }

    /// Whether `path` is a directory.
    static func isDirectory(_ path: FilePath) -> Bool {
        var info = stat()
        return stat(path.string, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Replaces `path` with `bytes` atomically: a temp file in the same directory, fsync, rename.
    /// A new file gets `mode`; an existing file keeps its permissions.
    static func replaceAtomically(_ path: FilePath, with bytes: [UInt8], mode: mode_t = 0o644) throws {
        var info = stat()
        let permissions = stat(path.string, &info) == 0 ? info.st_mode & 0o7777 : mode
        let directory = path.removingLastComponent()
        let base = path.lastComponent?.string ?? "file"
        var template = Array(directory.appending(".\(base).gitsops-XXXXXX").string.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw KubectlPluginError(.io, "cannot create a temporary file: \(String(cString: strerror(errno)))",
                                     path: path.string)
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let descriptor = FileDescriptor(rawValue: fd)
        do {
            try descriptor.closeAfter {
                _ = try descriptor.writeAll(bytes)
                guard fchmod(fd, permissions) == 0, fsync(fd) == 0 else { throw Errno(rawValue: errno) }
            }
            guard rename(temporary, path.string) == 0 else { throw Errno(rawValue: errno) }
        } catch {
            unlink(temporary)
            throw KubectlPluginError(.io, "cannot write: \(error)", path: path.string)
        }
    }
}
