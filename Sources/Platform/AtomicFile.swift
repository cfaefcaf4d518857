public import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Replaces a file's contents all at once: a temporary file in the same directory, fsync, rename.
/// Readers see the old or the new bytes, never half of them.
public enum AtomicFile {
    /// The permissions of a new file unless a caller says otherwise.
    public static let defaultPermissions: FilePermissions = [.ownerReadWrite, .groupRead, .otherRead]

    /// Replaces `path` with `bytes`. A new file gets `permissions`; an existing file keeps its own.
    public static func replace(_ path: String, with bytes: [UInt8], permissions: FilePermissions = defaultPermissions) throws(PlatformError) {
        do {
            try replace(path, permissions: permissions) { try $0.writeAll(bytes) }
        } catch let error as PlatformError {
            throw error
        } catch {
            throw PlatformError(.io, "cannot write: \(error)", path: path)
        }
    }

    /// Replaces `path` with what `write` writes to the temporary file's descriptor (in pieces, for
    /// large outputs). Errors of `write` pass through, and the file stays as it was.
    public static func replace(_ path: String, permissions: FilePermissions = defaultPermissions,
                               writing write: (FileDescriptor) throws -> Void) throws {
        let target = FilePath(path)
        let mode = Files.status(path, followingLinks: true).map { mode_t($0.permissions) } ?? permissions.rawValue
        let directory = target.removingLastComponent()
        let base = target.lastComponent?.string ?? "file"
        var template = Array((directory.isEmpty ? FilePath(".") : directory).appending(".\(base).gitsops-XXXXXX").string.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw PlatformError(.io, "cannot create a temporary file: \(PlatformError.lastErrorText())", path: path)
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let descriptor = FileDescriptor(rawValue: fd)
        do {
            try descriptor.closeAfter {
                try write(descriptor)
                guard fchmod(fd, mode) == 0, fsync(fd) == 0 else { throw Errno(rawValue: errno) }
            }
            guard rename(temporary, path) == 0 else { throw Errno(rawValue: errno) }
        } catch let error as Errno {
            unlink(temporary)
            throw PlatformError(.io, "cannot write: \(error)", path: path)
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
