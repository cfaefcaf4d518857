import Platform
import SystemPackage

/// The plugin's file access over Platform's, with failures as `KubectlPluginError`.
package enum FileSystem {
    /// Inputs larger than this are refused (a manifest, not a disk image).
    static let maxInputBytes = 64 << 20

    /// The whole contents of `path`.
    static func readFile(_ path: FilePath) throws -> [UInt8] {
        do {
            return try Files.read(path.string, limit: maxInputBytes)
        } catch {
            throw KubectlPluginError(.io, error.message, path: path.string)
        }
    }

    /// Replaces `path` with `bytes` atomically (Platform's AtomicFile); a new file gets `mode`,
    /// an existing file keeps its permissions.
    package static func replaceAtomically(_ path: FilePath, with bytes: [UInt8], mode: UInt32 = 0o644) throws {
        do {
            try AtomicFile.replace(path.string, with: bytes, permissions: FilePermissions(rawValue: mode))
        } catch {
            throw KubectlPluginError(.io, error.message, path: path.string)
        }
    }
}
