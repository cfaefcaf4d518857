/// A failure inside the age implementation; `AgeKeyService` turns it into a `KeySourceError`.
///
/// Like age, "this identity does not fit" (`incorrectIdentity`, `noIdentityMatched`) is kept
/// apart from a file that is damaged or that a matching identity cannot open.
struct AgeError: Error, Equatable, CustomStringConvertible {
    enum Code: Equatable {
        /// The stanza is not for this identity: try the next one (age's `ErrIncorrectIdentity`).
        case incorrectIdentity
        /// No identity opened any stanza of the file.
        case noIdentityMatched
        /// The header or armor does not follow the age v1 grammar.
        case malformed
        /// A matching identity could not open the file: bad MAC, corrupt payload, refused work factor.
        case failed
    }

    let code: Code
    let message: String
    /// What the user can do about it (a plugin missing from PATH).
    var hint: String?

    init(_ code: Code, _ message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    var description: String { message }

    /// A header grammar violation, worded like age's `ParseError`.
    static func parse(_ reason: String) -> AgeError { AgeError(.malformed, "parsing age header: \(reason)") }
}
