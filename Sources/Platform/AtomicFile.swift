public import SystemPackage
#if canImport(Glibc)
public import Glibc
#endif

/// Replaces a file's contents all at once: a temporary file in the same directory, fsync, rename.
/// Readers see the old or the new bytes, never half of them.
public enum AtomicFile {
    /// Replaces `path` with `bytes`. A new file gets `mode`; an existing file keeps its permissions.
    public static func replace(_ path: FilePath, with bytes: [UInt8], mode: mode_t = 0o644) throws(PrivateFilesError) {
        do {
            try replace(path, mode: mode) { try $0.writeAll(bytes) }
        } catch let error as PrivateFilesError {
            throw error
        } catch {
            throw PrivateFilesError(.io, "cannot write: \(error)", path: path.string)
        }
    }

    /// Replaces `path` with what `write` writes to the temporary file's descriptor (in pieces, for
    /// large outputs). Errors of `write` pass through, and the file stays as it was.
    public static func replace(_ path: FilePath, mode: mode_t = 0o644, writing write: (FileDescriptor) throws -> Void) throws {
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
                try write(descriptor)
                guard fchmod(fd, permissions) == 0, fsync(fd) == 0 else { throw Errno(rawValue: errno) }
            }
            guard rename(temporary, path.string) == 0 else { throw Errno(rawValue: errno) }
        } catch let error as Errno {
            unlink(temporary)
            throw PrivateFilesError(.io, "cannot write: \(error)", path: path.string)
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
