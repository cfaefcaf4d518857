import Glibc
import SystemPackage

/// Replaces a file's contents all at once: a temporary file in the same directory, fsync, rename.
/// Readers see the old or the new bytes, never half of them.
enum AtomicFile {
    static func replace(_ path: String, with bytes: [UInt8], permissions: FilePermissions = [.ownerReadWrite, .groupRead, .otherRead]) throws {
        let target = FilePath(path)
        var mode = permissions
        if let existing = try? FileDescriptor.open(target, .readOnly) {
            var info = stat()
            if fstat(existing.rawValue, &info) == 0 { mode = FilePermissions(rawValue: info.st_mode & 0o7777) }
            try? existing.close()
        }
        let temporary = path + ".gitsops-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = try FileDescriptor.open(FilePath(temporary), .writeOnly, options: [.create, .exclusiveCreate, .noFollow],
                                         permissions: mode)
        do {
            try fd.closeAfter {
                _ = try fd.writeAll(bytes)
                guard fsync(fd.rawValue) == 0 else { throw Errno(rawValue: errno) }
            }
            guard rename(temporary, path) == 0 else { throw Errno(rawValue: errno) }
        } catch {
            unlink(temporary)
            throw GitFilterError(.io, "cannot write \(path): \(error)", path: path)
        }
    }
}
