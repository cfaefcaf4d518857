import Foundation

/// A pipe whose ends no child inherits unless it is handed one explicitly (`pipe2(O_CLOEXEC)`).
/// Tests run in parallel in one process: with Foundation's `Pipe`, a child another test started at
/// the same moment could inherit the write end of a pipe, and its reader waited for end of file
/// until that child ended.
public struct CloseOnExecPipe: Sendable {
    public let fileHandleForReading: FileHandle
    public let fileHandleForWriting: FileHandle

    public init() {
        let fds = try! Self.descriptors()
        fileHandleForReading = FileHandle(fileDescriptor: fds.read, closeOnDealloc: true)
        fileHandleForWriting = FileHandle(fileDescriptor: fds.write, closeOnDealloc: true)
    }

    /// A bare pair of descriptors for callers that close them themselves.
    public static func descriptors() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe2(&fds, O_CLOEXEC) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EMFILE) }
        return (fds[0], fds[1])
    }

    /// glibc's pipe2, which Swift's Glibc module does not export (pipe + fcntl would leave a window).
    private static let pipe2 = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2")!,
                                             to: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32).self)
}
