public import Diagnostics

/// Why reading, encrypting or decrypting a sops document failed. The message never contains a
/// secret value (spec/sops-format.md §10.2 wording where sops has one).
public struct SopsError: GitsopsError, Equatable {
    public enum Code: Sendable, Equatable {
        /// The input cannot be parsed in its format (JSON, YAML, dotenv, INI).
        case syntax
        /// A value cannot be represented (non-string key, unsupported type, bad timestamp).
        case invalidValue
        /// The `sops` block is missing or malformed.
        case metadata
        /// The file is already encrypted (encrypt) or not a sops document (decrypt).
        case alreadyEncrypted
        /// The stored MAC does not match the values, or is missing.
        case macMismatch
        /// A value, comment or the MAC did not decrypt: wrong key or tampered ciphertext.
        case decryption
        /// No master key could recover the data key.
        case dataKey
        /// `.sops.yaml` is unreadable or no rule applies.
        case config
        /// An option or combination the format cannot express.
        case unsupported
    }

    public var code: Code
    public var message: String
    public var path: String?
    public var hint: String?

    public init(_ code: Code, _ message: String, path: String? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.hint = hint
    }

    public var description: String { message }

    /// The same error, naming the file it concerns (unless it already names one).
    public func at(_ path: String?) -> SopsError {
        var copy = self
        if copy.path == nil { copy.path = path }
        return copy
    }
}
