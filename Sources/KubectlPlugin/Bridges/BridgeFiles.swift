#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and atomic writes (temporary file in the same directory, fsync, rename), so a
/// failed run leaves no half-written manifest.
enum BridgeFiles {
    /// Inputs larger than this are refused (a manifest, not a disk image).
    static let maxInputBytes = 64 << 20

    static func read(_ path: String, display: String) throws(BridgeError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BridgeError(.io, "cannot open the file: \(errorText())", path: display) }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BridgeError(.io, "cannot read the file: \(errorText())", path: display)
            }
            if n == 0 { break }
            out += chunk[0..<n]
            guard out.count <= maxInputBytes else { throw BridgeError(.io, "larger than \(maxInputBytes >> 20) MiB", path: display) }
        }
        return out
    }

    /// Replaces (or creates) `path` with `bytes`, mode 0644.
    static func writeAtomically(_ path: String, _ bytes: [UInt8], display: String) throws(BridgeError) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory.isEmpty ? "/" : directory)/.\(name).gitsops-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw BridgeError(.io, "cannot create a temporary file next to it: \(errorText())", path: display) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var written = false
        defer {
            close(fd)
            if !written { unlink(temporary) }
        }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BridgeError(.io, "cannot write the file: \(errorText())", path: display)
            }
            offset += n
        }
        guard fchmod(fd, 0o644) == 0, fsync(fd) == 0 else { throw BridgeError(.io, "cannot write the file: \(errorText())", path: display) }
        guard rename(temporary, path) == 0 else { throw BridgeError(.io, "cannot replace the file: \(errorText())", path: display) }
        written = true
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The canonical absolute path (symlinks resolved), or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
