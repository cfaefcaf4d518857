public import SystemPackage
#if canImport(Glibc)
public import Glibc
#endif

/// Replaces a file's contents all at once: a temporary file in the same directory, fsync, rename.
/// Readers see the old or the new bytes, never half of them.
public enum AtomicFile {
    /// Replaces `path` with `bytes`. A new file gets `mode`; an existing file keeps its permissions.
    public static func replace(_ path: FilePath, with bytes: [UInt8], mode: mode_t = 0o644) throws(PrivateFilesError) {
        var info = stat()
        let permissions = stat(path.string, &info) == 0 ? info.st_mode & 0o7777 : mode
        let directory = path.removingLastComponent()
        let base = path.lastComponent?.string ?? "file"
        var template = Array((directory.isEmpty ? FilePath(".") : directory).appending(".\(base).gitsops-XXXXXX").string.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw PrivateFilesError(.io, "cannot create a temporary file: \(String(cString: strerror(errno)))", path: path.string)
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
            throw PrivateFilesError(.io, "cannot write: \(error)", path: path.string)
        }
    }
}
