import Foundation

/// Feeds a child's standard input and collects its outputs on one thread with `poll`, so neither
/// side can block the other on a full pipe and no other thread is needed.
struct PipeExchange {
    private var input: [UInt8]
    private var written = 0
    private var inputDescriptor: Int32
    private var outputs: [Int32]
    /// What each output descriptor delivered, in the order given.
    private(set) var collected: [[UInt8]]

    init(input: [UInt8], to inputDescriptor: Int32, from outputs: [Int32]) {
        self.input = input
        self.inputDescriptor = inputDescriptor
        self.outputs = outputs
        collected = Array(repeating: [], count: outputs.count)
        _ = fcntl(inputDescriptor, F_SETFL, fcntl(inputDescriptor, F_GETFL) | O_NONBLOCK)
        if input.isEmpty { closeInput() }
    }

    var outputsEnded: Bool { outputs.allSatisfy { $0 < 0 } }

    /// Waits up to `timeout` seconds for any descriptor (or `extra`, if not -1) and moves what is ready.
    mutating func step(alsoWatching extra: Int32, timeout: TimeInterval) {
        var watched = outputs.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        watched.append(pollfd(fd: inputDescriptor, events: Int16(POLLOUT), revents: 0))
        watched.append(pollfd(fd: extra, events: Int16(POLLIN), revents: 0))
        guard poll(&watched, nfds_t(watched.count), Int32(timeout * 1000)) > 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        for index in outputs.indices where outputs[index] >= 0 && watched[index].revents != 0 {
            let count = read(outputs[index], &chunk, chunk.count)
            if count > 0 {
                collected[index] += chunk[0..<count]
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                close(outputs[index])
                outputs[index] = -1
            }
        }
        if inputDescriptor >= 0 && watched[outputs.count].revents != 0 {
            let count = input[written...].withUnsafeBytes { write(inputDescriptor, $0.baseAddress, $0.count) }
            if count > 0 { written += count }
            // Everything written, or the child stopped reading (EPIPE): it gets end of file.
            if written == input.count || (count < 0 && errno != EINTR && errno != EAGAIN) { closeInput() }
        }
    }

    private mutating func closeInput() {
        if inputDescriptor >= 0 { close(inputDescriptor) }
        inputDescriptor = -1
    }

    mutating func closeAll() {
        closeInput()
        for fd in outputs where fd >= 0 { close(fd) }
        outputs = outputs.map { _ in -1 }
    }
}

/// A command that did not exit within its time limit (it was killed).
public struct CommandTimedOut: Error, CustomStringConvertible {
    public let command: String
    public let seconds: TimeInterval
    public let stderr: String
    public var description: String { "\(command) did not exit within \(Int(seconds)) s and was killed; its stderr: \(stderr)" }
}
