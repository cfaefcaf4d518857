public import Diagnostics

/// Why a private plaintext file or directory could not be made; never carries file contents.
public struct PrivateFilesError: GitsopsError, Equatable {
    /// What kind of failure this is.
    public enum Code: Sendable, Equatable {
        /// No tmpfs directory to hold plaintext.
        case noTmpfs
        /// A file system call failed.
        case io
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
