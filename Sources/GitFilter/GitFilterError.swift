public import Diagnostics

/// A failure of a filter command or a git driver. Messages name the file, never file contents.
public typealias GitFilterError = CodedError<GitFilterErrorCode>

/// What kind of failure a `GitFilterError` is.
public enum GitFilterErrorCode: Sendable, Equatable {
    /// Reading or writing a descriptor failed.
    case io
    /// The repository is not set up for gitsops, or a command cannot run in this state.
    case notConfigured
    /// A file could not be cleaned, smudged, merged or checked.
    case failed
    /// The command refused to act (uncommitted changes, unsafe state).
    case refused
}
