public import Diagnostics

/// Why a master key could not wrap or unwrap a data key. The message names the key (its identity)
/// and says what the user can fix; it never contains key material.
public struct KeySourceError: GitsopsError, Equatable {
    public enum Code: Sendable, Equatable {
        /// No identity or credential here fits this key: not an error if another key works.
        case notThisKey
        /// The key service refused: wrong key, denied, tampered `enc`.
        case failed
        /// The key service could not be reached in time, or kept throttling.
        case unreachable
        /// Credentials are missing, invalid or expired.
        case credentials
        /// The stanza or configuration is malformed.
        case invalidKey
        /// No service for this key type is available in this build or configuration.
        case unsupported
    }

    public var code: Code
    /// The key's identity string (recipient, fingerprint, ARN, …).
    public var key: String
    public var message: String
    public var hint: String?

    public init(_ code: Code, key: String, _ message: String, hint: String? = nil) {
        self.code = code
        self.key = key
        self.message = message
        self.hint = hint
    }

    /// `key: message`, or just the message when the error concerns no particular key.
    public var description: String { key.isEmpty ? message : "\(key): \(message)" }

    static func unsupported(_ key: MasterKey) -> KeySourceError {
        KeySourceError(.unsupported, key: key.identity, "no key service for \(key.type.rawValue) keys is configured")
    }
}
