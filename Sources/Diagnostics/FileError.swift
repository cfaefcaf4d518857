public import Diagnostics

/// Any error, attributed to the file it happened to (so the CLI prints `<path>: <message>`).
public struct FileError: GitsopsError {
    public let underlying: any Error
    public let path: String?

    public init(_ underlying: any Error, path: String) {
        self.underlying = underlying
        // Keep the underlying error's own path when it has one (it may be more precise).
        self.path = (underlying as? any GitsopsError)?.path ?? path
    }

    public var description: String {
        (underlying as? any GitsopsError)?.description ?? String(describing: underlying)
    }

    public var hint: String? { (underlying as? any GitsopsError)?.hint }
}
