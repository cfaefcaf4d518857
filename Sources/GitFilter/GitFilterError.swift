public import Diagnostics

/// A failure of a filter command or a git driver. Messages name the file, never file contents.
public struct GitFilterError: GitsopsError, Equatable {
    public enum Code: Sendable, Equatable {
        /// Reading or writing a descriptor failed.
        case io
        /// The repository is not set up for gitsops, or a command cannot run in this state.
        case notConfigured
        /// A file could not be cleaned, smudged, merged or checked.
        case failed
        /// The command refused to act (uncommitted changes, unsafe state).
        case refused
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
