/// Any error, attributed to the file it happened to (so the CLI prints `<path>: <message>`).
public struct FileError: GitsopsError {
    /// What went wrong.
    public let underlying: any Error
    /// The file it went wrong for.
    public let path: String?

    /// `underlying`, for `path` unless it names a file of its own.
    public init(_ underlying: any Error, path: String) {
        self.underlying = underlying
        // Keep the underlying error's own path when it has one (it may be more precise).
        self.path = (underlying as? any GitsopsError)?.path ?? path
    }

    /// The underlying error's message.
    public var description: String {
        (underlying as? any GitsopsError)?.description ?? String(describing: underlying)
    }

    /// The underlying error's hint.
    public var hint: String? { (underlying as? any GitsopsError)?.hint }
}
