public import SystemPackage
import Diagnostics
import Platform

/// Serves git's long-running filter protocol on a pair of descriptors until git closes the input:
/// frames packets, drives `FilterSession`, runs each command through the policy.
///
/// Per-file failures are answered `status=error` (or `status=abort` for `FilterAbort`) with one
/// error line on the diagnostics descriptor; smudge warnings are said in one line when the session
/// ends; malformed input ends the session with a thrown error.
public struct FilterServer: Sendable {
    let policy: any FilterPolicy
    let input: FileDescriptor
    let output: FileDescriptor
    let diagnostics: FileDescriptor
    /// Input bytes of CPU-bound smudges that may run delayed at once (their results wait in memory
    /// until git collects them); 0 runs them in line.
    let parallelBudget: Int

    /// 64 MiB with more than one core online, else 0.
    public static let defaultParallelBudget = CurrentProcess.onlineProcessors > 1 ? 64 << 20 : 0

    /// A server for `policy` on git's pipes (standard input and output by default).
    public init(policy: any FilterPolicy, input: FileDescriptor = .standardInput,
                output: FileDescriptor = .standardOutput, diagnostics: FileDescriptor = .standardError,
                parallelBudget: Int = FilterServer.defaultParallelBudget) {
        self.policy = policy
        self.input = input
        self.output = output
        self.diagnostics = diagnostics
        self.parallelBudget = parallelBudget
    }

    /// Runs the session; returns when git closes the input between commands.
    public func run() async throws(FilterProtocolError) {
        var parser = PktLineParser()
        var session = FilterSession()
        session.expectedContentSize = { [policy] in policy.expectedContentSize($0) }
        let delayed = DelayedSmudges()
        let warnings = SmudgeWarnings()
        defer { if let summary = warnings.summary { DescriptorIO.writeLine(diagnostics, summary) } }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try DescriptorIO.read(input, into: &chunk)
            if count == 0 {
                if parser.hasPartialPacket { throw .malformed("input ended inside a pkt-line") }
                if !session.mayEnd { throw .malformed("input ended \(session.position)") }
                return
            }
            parser.append(chunk[0..<count])
            while let packet = try parser.next() {
                switch try session.receive(packet) {
                case nil:
                    continue
                case .reply(let message):
                    try DescriptorIO.write(output, message.encoded)
                case .handle(let command):
                    let answer = await handle(command, delayed: delayed, warnings: warnings)
                    try send(answer, path: command.pathname)
                }
            }
        }
    }

    /// What git gets for one command: a message, or `status=success` and content.
    private enum Answer {
        case message(FilterMessage)
        case success(FilterContent)
    }

    private func handle(_ command: FilterCommand, delayed: DelayedSmudges, warnings: SmudgeWarnings) async -> Answer {
        let path = command.pathname
        switch command.name {
        case .listAvailableBlobs:
            return .message(.availableBlobs(await delayed.available()))
        case .clean:
            do {
                return .success(try await policy.cleanContent(command.content, path: path))
            } catch {
                return .message(.response(failure(error, path: path)))
            }
        case .smudge:
            if command.content.isEmpty, let result = delayed.take(path) {
                return smudgeResponse(result, path: path, warnings: warnings)
            }
            let content = command.content
            if command.mayDelay && (policy.smudgeNeedsNetwork(content, path: path) || parallelizes(content, path: path, delayed)) {
                let policy = policy
                delayed.start(path: path, bytes: content.count) { try await policy.smudgeContent(content, path: path) }
                return .message(.response(.delayed))
            }
            let result: Result<Smudged, any Error>
            do {
                let smudged = try await policy.smudgeContent(content, path: path)
                result = .success(smudged)
            } catch {
                result = .failure(error)
            }
            return smudgeResponse(result, path: path, warnings: warnings)
        }
    }

    /// Decryptions run on the other cores while git sends the next files; the results wait in
    /// memory until git collects them, so at most `parallelBudget` bytes of input are in flight.
    private func parallelizes(_ content: [UInt8], path: String, _ delayed: DelayedSmudges) -> Bool {
        delayed.pendingBytes + content.count <= parallelBudget && policy.smudgeIsWorthParallelizing(content, path: path)
    }

    private func smudgeResponse(_ result: Result<Smudged, any Error>, path: String, warnings: SmudgeWarnings) -> Answer {
        switch result {
        case .success(let smudged):
            warnings.record(smudged.warning, path: path)
            return .success(smudged.output)
        case .failure(let error):
            return .message(.response(failure(error, path: path)))
        }
    }

    /// Writes an answer. Content in memory goes out in one write (git reads the whole answer
    /// without being woken per packet); a stream goes out packet by packet as it is produced, and
    /// one failing half-way is answered `status=error` after the partial content (git discards it).
    private func send(_ answer: Answer, path: String) throws(FilterProtocolError) {
        switch answer {
        case .message(let message):
            try DescriptorIO.write(output, message.encoded)
        case .success(.bytes(let bytes)):
            try DescriptorIO.write(output, FilterMessage.response(.success(bytes)).encoded)
        case .success(.stream(let stream)):
            var head: [UInt8] = []
            for packet in [PktLine.text("status=success"), .flush] { packet.encode(into: &head) }
            try DescriptorIO.write(output, head)
            var writer = PktLineWriter(output)
            var status: FilterResponse?
            do {
                try stream.write { try writer.write($0) }
            } catch let error as FilterProtocolError where error.code == .io {
                throw error
            } catch {
                status = failure(error, path: path)
            }
            try writer.finish()
            var tail: [UInt8] = []
            let packets: [PktLine] = status.map { [.flush] + $0.packets } ?? [.flush, .flush]
            for packet in packets { packet.encode(into: &tail) }
            try DescriptorIO.write(output, tail)
        }
    }

    private func failure(_ error: any Error, path: String) -> FilterResponse {
        let abort = error as? FilterAbort
        for line in ErrorReport.lines(for: FileError(abort?.underlying ?? error, path: path)) {
            DescriptorIO.writeLine(diagnostics, line)
        }
        return abort == nil ? .error : .abort
    }
}
