import Platform
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Small file helpers: whole-file reads and atomic replacement (temp file beside the target + rename).
enum FileSystem {
    /// Inputs larger than this are refused (a manifest, not a disk image).
    static let maxInputBytes = 64 << 20

    /// The whole contents of `path`.
    static func readFile(_ path: FilePath) throws -> [UInt8] {
        do {
            let fd = try FileDescriptor.open(path, .readOnly)
            guard let bytes = try fd.closeAfter({ try fd.readToEnd(limit: maxInputBytes) }) else {
                throw KubectlPluginError(.io, "larger than \(maxInputBytes >> 20) MiB", path: path.string)
            }
            return bytes
        } catch let error as Errno {
            throw KubectlPluginError(.io, "cannot read: \(error)", path: path.string)
        }
    }

    /// Whether `path` exists (without following a final symbolic link).
    static func exists(_ path: FilePath) -> Bool {
        var info = stat()
        return lstat(path.string, &info) == 0
    }

    /// The canonical absolute path (symbolic links resolved), or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `path` is a directory.
    static func isDirectory(_ path: FilePath) -> Bool {
        var info = stat()
        return stat(path.string, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Replaces `path` with `bytes` atomically (Platform.AtomicFile); a new file gets `mode`,
    /// an existing file keeps its permissions.
    static func replaceAtomically(_ path: FilePath, with bytes: [UInt8], mode: mode_t = 0o644) throws {
        do {
            try AtomicFile.replace(path, with: bytes, mode: mode)
        } catch {
            throw KubectlPluginError(.io, error.message, path: path.string)
        }
    }
}
