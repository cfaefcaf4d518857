/// An error a user can act on: a one-line message, optionally the file it concerns and a hint.
///
/// Every module has one error struct conforming to this protocol. `description` never contains a
/// secret value; the CLI prints it as `gitsops: error: <path>: <message>` then `gitsops: hint: <hint>`.
public protocol GitsopsError: Error, CustomStringConvertible {
    /// The file or path the error concerns, if any (printed before the message).
    var path: String? { get }
    /// What the user can do about it, if there is something to say.
    var hint: String? { get }
}

extension GitsopsError {
    public var path: String? { nil }
    public var hint: String? { nil }
}
