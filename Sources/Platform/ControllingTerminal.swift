#if canImport(Glibc)
import Glibc
#endif

/// The controlling terminal (/dev/tty): where questions go when stdin and stdout carry a protocol.
public enum ControllingTerminal {
    /// Shows `prompt` and reads one line of at most `maxLength` bytes (echo off when `hidingInput`),
    /// handing it to `body` and zeroing it after; nil without a terminal or for a longer line.
    public static func ask<T>(_ prompt: String, hidingInput: Bool, maxLength: Int, _ body: ([UInt8]) -> T) -> T? {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        var saved = termios()
        let hidden = hidingInput && tcgetattr(tty, &saved) == 0
        if hidden {
            // Echo goes off (dropping earlier type-ahead) before the prompt appears, as getpass
            // does: an answer typed after the prompt is then neither echoed nor discarded.
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            _ = tcsetattr(tty, TCSAFLUSH, &quiet)
        }
        show(tty, prompt + " ")
        defer {
            if hidden {
                _ = tcsetattr(tty, TCSANOW, &saved)
                show(tty, "\n")
            }
        }
        var answer = [UInt8]()
        defer { answer.withUnsafeMutableBytes { if let base = $0.baseAddress { explicit_bzero(base, $0.count) } } }
        var byte: UInt8 = 0
        while true {
            let count = read(tty, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1, byte != 0x0A else { break }
            guard answer.count < maxLength else { return nil }
            if byte != 0x0D { answer.append(byte) }
        }
        return body(answer)
    }

    private static func show(_ tty: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(tty, $0.baseAddress, $0.count) }
    }
}
