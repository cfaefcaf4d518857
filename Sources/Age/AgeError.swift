public import Diagnostics

/// A failure inside the age implementation (KeySources' `AgeKeyService` turns it into a `KeySourceError`).
///
/// Like age, "this identity does not fit" (`incorrectIdentity`, `noIdentityMatched`) is kept
/// apart from a file that is damaged or that a matching identity cannot open.
public struct AgeError: GitsopsError, Equatable {
    /// What kind of failure it is.
    public enum Code: Sendable, Equatable {
        /// The stanza is not for this identity: try the next one (age's `ErrIncorrectIdentity`).
        case incorrectIdentity
        /// No identity opened any stanza of the file.
        case noIdentityMatched
        /// The header, armor or a key string does not follow the age v1 grammar.
        case malformed
        /// A matching identity could not open the file: bad MAC, corrupt payload, refused work factor.
        case failed
    }

    /// What kind of failure it is.
    public let code: Code
    /// One line, never key material.
    public let message: String
    /// What the user can do about it (a plugin missing from PATH).
    public var hint: String?

    /// An error of `code` saying `message`.
    public init(_ code: Code, _ message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    /// The message.
    public var description: String { message }

    /// A header grammar violation, worded like age's `ParseError`.
    static func parse(_ reason: String) -> AgeError { AgeError(.malformed, "parsing age header: \(reason)") }
}
