public import Diagnostics

/// A failure reading or writing a repository through libgit2. Messages name the path or revision,
/// never file contents.
public struct RepositoryError: GitsopsError, Equatable {
    public enum Code: Sendable, Equatable {
        /// No repository at or above the starting directory.
        case notARepository
        /// A revision, path or object does not exist.
        case notFound
        /// The repository has no working tree, and the operation needs one.
        case bare
        /// libgit2 reported any other failure.
        case library
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
}
