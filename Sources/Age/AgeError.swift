public import Diagnostics

/// A failure inside the age implementation (KeySources' `AgeKeyService` turns it into a `KeySourceError`).
///
/// Like age, "this identity does not fit" (`incorrectIdentity`, `noIdentityMatched`) is kept
/// apart from a file that is damaged or that a matching identity cannot open.
public typealias AgeError = CodedError<AgeErrorCode>

/// What kind of failure an `AgeError` is.
public enum AgeErrorCode: Sendable, Equatable {
    /// The stanza is not for this identity: try the next one (age's `ErrIncorrectIdentity`).
    case incorrectIdentity
    /// No identity opened any stanza of the file.
    case noIdentityMatched
    /// The header, armor or a key string does not follow the age v1 grammar.
    case malformed
    /// A matching identity could not open the file: bad MAC, corrupt payload, refused work factor.
    case failed
}

extension CodedError where Kind == AgeErrorCode {
    /// A header grammar violation, worded like age's `ParseError`.
    static func parse(_ reason: String) -> AgeError { AgeError(.malformed, "parsing age header: \(reason)") }
}
