public import Diagnostics
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Why a file system or process call failed; never carries file contents.
public typealias PlatformError = CodedError<PlatformErrorCode>

/// What kind of failure a `PlatformError` is.
public enum PlatformErrorCode: Sendable, Equatable {
    /// No tmpfs directory to hold plaintext.
    case noTmpfs
    /// The file to create exists already.
    case exists
    /// A file system call failed.
    case io
}

extension CodedError where Kind == PlatformErrorCode {
    /// The C library's text for the current `errno` ("No such file or directory").
    static func lastErrorText() -> String { Errno(rawValue: errno).description }
}
