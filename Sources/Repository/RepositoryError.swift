public import Diagnostics

/// A failure reading or writing a repository through libgit2. Messages name the path or revision,
/// never file contents.
public typealias RepositoryError = CodedError<RepositoryErrorCode>

/// What kind of failure a `RepositoryError` is.
public enum RepositoryErrorCode: Sendable, Equatable {
    /// No repository at or above the starting directory.
    case notARepository
    /// A revision, path or object does not exist.
    case notFound
    /// The repository has no working tree, and the operation needs one.
    case bare
    /// libgit2 reported any other failure.
    case library
}
