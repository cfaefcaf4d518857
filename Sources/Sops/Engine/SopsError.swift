public import Diagnostics

/// Why reading, encrypting or decrypting a sops document failed. The message never contains a
/// secret value (spec/sops-format.md §10.2 wording where sops has one).
public typealias SopsError = CodedError<SopsErrorCode>

/// What kind of failure a `SopsError` is.
public enum SopsErrorCode: Sendable, Equatable {
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
