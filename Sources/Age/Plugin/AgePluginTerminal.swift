#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto

/// Where an age plugin's questions are answered: the controlling terminal (/dev/tty), since a git
/// filter's stdin and stdout carry git's protocol. Without one, every question is declined.
enum AgePluginTerminal {
    /// Answers are a PIN or a passphrase; anything longer is refused.
    static let maxAnswerLength = 1024

    /// Shows `prompt` and reads one line (echo off when `secret`); nil without a terminal.
    static func ask(_ prompt: String, secret: Bool) -> SecretBytes? {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        var saved = termios()
        let hidden = secret && tcgetattr(tty, &saved) == 0
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
        defer { Memory.zero(&answer) }
        var byte: UInt8 = 0
        while true {
            let count = read(tty, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1, byte != 0x0A else { break }
            guard answer.count < maxAnswerLength else { return nil }
            if byte != 0x0D { answer.append(byte) }
        }
        return SecretBytes(answer)
    }

    private static func show(_ tty: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(tty, $0.baseAddress, $0.count) }
    }
}
