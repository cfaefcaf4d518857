import Platform
import SystemPackage

/// Atomic replacement (Platform) with failures reported as `GitFilterError`.
enum AtomicFile {
    static func replace(_ path: String, with bytes: [UInt8], permissions: FilePermissions = [.ownerReadWrite, .groupRead, .otherRead]) throws {
        do {
            try Platform.AtomicFile.replace(FilePath(path), with: bytes, mode: permissions.rawValue)
        } catch {
            throw GitFilterError(.io, error.message, path: path)
        }
    }
}
