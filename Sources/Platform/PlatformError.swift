public import Diagnostics
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Why a file system or process call failed; never carries file contents.
public struct PlatformError: GitsopsError, Equatable {
    /// What kind of failure this is.
    public enum Code: Sendable, Equatable {
        /// No tmpfs directory to hold plaintext.
        case noTmpfs
        /// The file to create exists already.
        case exists
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

    /// The C library's text for the current `errno` ("No such file or directory").
    static func lastErrorText() -> String { Errno(rawValue: errno).description }
}
