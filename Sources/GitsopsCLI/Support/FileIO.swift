import Diagnostics
import Platform
import SystemPackage

/// Reading inputs and writing outputs for the file commands: whole files or stdin, and atomic
/// replacement (a temporary file in the same directory, then rename) so nothing is half-written.
enum FileIO {
    struct Failure: GitsopsError {
        var message: String
        var path: String?
        var hint: String?
        var description: String { message }
    }

    /// The whole file, or stdin for nil / `-`.
    static func read(_ path: String?) throws(Failure) -> [UInt8] {
        do {
            guard let path, path != "-" else { return try Files.read(.standardInput) }
            return try Files.read(path)
        } catch {
            throw Failure(message: error.message, path: path)
        }
    }

    /// Replaces `path` atomically with `bytes`, keeping the existing file's permissions (else `permissions`).
    static func replace(_ path: String, with bytes: [UInt8], permissions: FilePermissions = AtomicFile.defaultPermissions) throws(Failure) {
        do {
            try AtomicFile.replace(path, with: bytes, permissions: permissions)
        } catch {
            throw Failure(message: error.message, path: path)
        }
    }

    /// Replaces `path` atomically with what `write` hands to its sink (in pieces); nothing is
    /// replaced when `write` throws.
    static func replace(_ path: String, permissions: FilePermissions = AtomicFile.defaultPermissions,
                        writing write: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        do {
            try AtomicFile.replace(path, permissions: permissions) { fd in try write { _ = try fd.writeAll($0) } }
        } catch let error as PlatformError {
            throw Failure(message: error.message, path: path)
        }
    }

    /// Creates a new file with `permissions`, refusing to overwrite, creating missing parent directories (0700).
    static func createNew(_ path: String, with bytes: UnsafeRawBufferPointer, permissions: FilePermissions) throws(Failure) {
        do {
            try Files.createNew(path, with: bytes, permissions: permissions)
        } catch where error.code == .exists {
            throw Failure(message: "the file already exists; refusing to overwrite it", path: path,
                          hint: "move it away first, or choose another file with -o")
        } catch {
            throw Failure(message: error.message, path: path)
        }
    }

    /// `path` as messages show it: relative to the current directory (`../secrets/db.yaml`), or
    /// absolute when the two share nothing below `/`. `.` and `..` are resolved by name.
    static func displayed(_ path: String) -> String {
        func components(_ path: String) -> [Substring] {
            var out: [Substring] = []
            for part in path.split(separator: "/") where part != "." {
                if part == ".." { _ = out.popLast() } else { out.append(part) }
            }
            return out
        }
        let target = components(absolute(path))
        let here = components(Files.currentDirectory())
        let common = zip(target, here).prefix { $0 == $1 }.count
        guard common > 0 else { return "/" + target.joined(separator: "/") }
        let relative = Array(repeating: "..", count: here.count - common) + target[common...].map(String.init)
        return relative.isEmpty ? "." : relative.joined(separator: "/")
    }

    /// `path` made absolute against the current directory.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : Files.currentDirectory() + "/" + path
    }
}
