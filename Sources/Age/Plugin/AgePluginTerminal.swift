import Crypto
import Platform

/// Where an age plugin's questions are answered: the controlling terminal (/dev/tty), since a git
/// filter's stdin and stdout carry git's protocol. Without one, every question is declined.
enum AgePluginTerminal {
    /// Answers are a PIN or a passphrase; anything longer is refused.
    static let maxAnswerLength = 1024

    /// Shows `prompt` and reads one line (echo off when `secret`); nil without a terminal.
    static func ask(_ prompt: String, secret: Bool) -> SecretBytes? {
        ControllingTerminal.ask(prompt, hidingInput: secret, maxLength: maxAnswerLength) { SecretBytes($0) }
    }
}
