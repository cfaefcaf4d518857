import Diagnostics
import Platform
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

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
        let fd = path == nil || path == "-" ? STDIN_FILENO : open(path!, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(message: "cannot open the file: \(errorText())", path: path) }
        defer { if fd != STDIN_FILENO { close(fd) } }
        var out: [UInt8] = []
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG { out.reserveCapacity(Int(info.st_size)) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(message: "cannot read the file: \(errorText())", path: path)
            }
            if n == 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    /// Replaces `path` atomically with `bytes`, keeping the existing file's mode (else `mode`).
    static func replace(_ path: String, with bytes: [UInt8], mode: mode_t = 0o644) throws(Failure) {
        do {
            try AtomicFile.replace(FilePath(path), with: bytes, mode: mode)
        } catch {
            throw Failure(message: error.message, path: path)
        }
    }

    /// Replaces `path` atomically with what `write` hands to its sink (in pieces); nothing is
    /// replaced when `write` throws.
    static func replace(_ path: String, mode: mode_t = 0o644,
                        writing write: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        do {
            try AtomicFile.replace(FilePath(path), mode: mode) { fd in try write { _ = try fd.writeAll($0) } }
        } catch let error as PrivateFilesError {
            throw Failure(message: error.message, path: path)
        }
    }

    /// Creates a new file with `mode`, refusing to overwrite, creating missing parent directories (0700).
    static func createNew(_ path: String, with bytes: UnsafeRawBufferPointer, mode: mode_t) throws(Failure) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        var prefix = path.hasPrefix("/") ? "" : "."
        if path.hasPrefix("/") { parts = parts.dropFirst() }
        for part in parts where !part.isEmpty {
            prefix += "/" + part
            if mkdir(prefix, 0o700) != 0, errno != EEXIST {
                throw Failure(message: "cannot create the directory \(prefix): \(errorText())", path: path)
            }
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw Failure(message: "the file already exists; refusing to overwrite it", path: path,
                              hint: "move it away first, or choose another file with -o")
            }
            throw Failure(message: "cannot create the file: \(errorText())", path: path)
        }
        defer { close(fd) }
        guard fchmod(fd, mode) == 0, writeAll(fd, bytes), fsync(fd) == 0 else {
            unlink(path)
            throw Failure(message: "cannot write the file: \(errorText())", path: path)
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 { if errno == EINTR { continue }; return false }
            offset += n
        }
        return true
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }

    /// The current directory.
    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
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
        let here = components(currentDirectory())
        let common = zip(target, here).prefix { $0 == $1 }.count
        guard common > 0 else { return "/" + target.joined(separator: "/") }
        let relative = Array(repeating: "..", count: here.count - common) + target[common...].map(String.init)
        return relative.isEmpty ? "." : relative.joined(separator: "/")
    }

    /// `path` made absolute against the current directory.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : currentDirectory() + "/" + path
    }
}
