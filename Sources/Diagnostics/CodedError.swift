/// The error each module throws, told apart by its codes: `SopsError` is `CodedError<SopsErrorCode>`,
/// `RepositoryError` is `CodedError<RepositoryErrorCode>`, and so on.
public struct CodedError<Kind: Sendable & Equatable>: GitsopsError, Equatable {
    /// The module's codes (`SopsError.Code` is `SopsErrorCode`).
    public typealias Code = Kind

    /// What kind of failure this is, in the module's terms.
    public var code: Code
    /// One line a user can act on; never a secret value or a digest of one.
    public var message: String
    /// The file or path the error concerns, if any.
    public var path: String?
    /// What the user can do about it, if there is something to say.
    public var hint: String?

    /// An error of kind `code` saying `message`.
    public init(_ code: Code, _ message: String, path: String? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.hint = hint
    }

    public var description: String { message }

    /// The same error, naming the file it concerns (unless it already names one).
    public func at(_ path: String?) -> Self {
        var copy = self
        if copy.path == nil { copy.path = path }
        return copy
    }
}
