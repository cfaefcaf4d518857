import Foundation

/// A pipe whose ends no child inherits unless it is handed one explicitly (`pipe2(O_CLOEXEC)`).
/// Tests run in parallel in one process: with Foundation's `Pipe`, a server another test started
/// at the same moment inherited the write end of a `Command.run` pipe, and that run waited for
/// end of file until the server stopped (a hang when the server outlived it).
public struct CloseOnExecPipe: Sendable {
    public let fileHandleForReading: FileHandle
    public let fileHandleForWriting: FileHandle

    public init() {
        var fds: [Int32] = [-1, -1]
        precondition(Self.pipe2(&fds, O_CLOEXEC) == 0, "pipe2 failed: errno \(errno)")
        fileHandleForReading = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        fileHandleForWriting = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
    }

    /// glibc's pipe2, which Swift's Glibc module does not export (pipe + fcntl would leave a window).
    private static let pipe2 = unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2")!,
                                             to: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32).self)
}
