#if canImport(Glibc)
import Glibc
#endif

/// Writes to the standard streams without Foundation.
enum Terminal {
    static func printError(_ line: String) {
        let text = line.hasSuffix("\n") ? line : line + "\n"
        write(text, to: STDERR_FILENO)
    }

    static func printOut(_ line: String) {
        let text = line.hasSuffix("\n") ? line : line + "\n"
        write(text, to: STDOUT_FILENO)
    }

    /// Writes text to stderr as it is (no newline added): progress output.
    static func writeError(_ text: String) {
        write(text, to: STDERR_FILENO)
    }

    /// Writes raw bytes to stdout, retrying on short writes.
    static func writeOut(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { writeAll($0, to: STDOUT_FILENO) }
    }

    /// Writes one piece of a streamed output to stdout.
    static func writeOut(_ bytes: UnsafeRawBufferPointer) { writeAll(bytes, to: STDOUT_FILENO) }

    private static func write(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { writeAll(UnsafeRawBufferPointer($0), to: fd) }
    }

    private static func writeAll(_ buffer: UnsafeRawBufferPointer, to fd: Int32) {
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }
}
