@testable import FilterProtocol
import GitFilter
import Sops
import SystemPackage

/// `FilterProtocol`: the pkt-line reader, the filter-protocol session and the whole long-running filter
/// server (with the sops policy and the fixture keys) on git's side of the pipe. Invariants: framing
/// does not depend on how the input is split into reads; packets re-encode to what was read.
public enum FilterProtocolHarness: Harness {
    public static let name = "FilterProtocolFuzz"

    public static func run(_ input: [UInt8]) async throws(Finding) {
        let whole = frame(input, readSize: max(input.count, 1))
        let pieces = frame(input, readSize: 1 + Int(input.first ?? 0) % 7)
        try require(whole == pieces, "framing depends on the read size: \(whole.end) vs \(pieces.end)")
        var reencoded: [UInt8] = []
        for packet in whole.packets { packet.encode(into: &reencoded) }
        try require(frame(reencoded, readSize: reencoded.count).packets == whole.packets, "packets do not re-encode")
        try drive(whole.packets)
        if input.count <= 60_000 { await serve(input) }  // fits a pipe's buffer: written before the server reads
    }

    struct Framing: Equatable {
        var packets: [PktLine] = []
        /// How the input ended: "complete", "partial" or the error.
        var end = "complete"
    }

    /// Feeds `input` to a parser `readSize` bytes at a time.
    static func frame(_ input: [UInt8], readSize: Int) -> Framing {
        var parser = PktLineParser()
        var framing = Framing()
        var start = 0
        repeat {
            let end = min(start + readSize, input.count)
            parser.append(input[start..<end])
            start = end
            do {
                while let packet = try parser.next() { framing.packets.append(packet) }
            } catch {
                framing.end = error.message
                return framing
            }
        } while start < input.count
        if parser.hasPartialPacket { framing.end = "partial" }
        return framing
    }

    /// Runs the session state machine, answering every command as the server would.
    static func drive(_ packets: [PktLine]) throws(Finding) {
        var session = FilterSession()
        for packet in packets {
            let action: FilterSession.Action?
            do {
                action = try session.receive(packet)
            } catch {
                return
            }
            switch action {
            case nil: continue
            case .reply(let message): _ = message.encoded
            case .handle(let command):
                try require(command.name == .listAvailableBlobs || !command.pathname.isEmpty, "a content command without a path")
                _ = FilterMessage.response(.success(command.content)).encoded
            }
        }
        _ = session.mayEnd
        _ = session.position
    }

    /// The real server reading `input` from a pipe, answering into /dev/null.
    static func serve(_ input: [UInt8]) async {
        guard let (readEnd, writeEnd) = try? FileDescriptor.pipe() else { return }
        defer { try? readEnd.close() }
        _ = try? writeEnd.writeAll(input)
        try? writeEnd.close()
        guard let sink = try? FileDescriptor.open("/dev/null", .writeOnly) else { return }
        defer { try? sink.close() }
        let policy = SopsFilterPolicy(engine: FixtureKeyService.engine(), repository: nil, rules: FixtureRules())
        try? await FilterServer(policy: policy, input: readEnd, output: sink, diagnostics: sink).run()
    }

    struct FixtureRules: CreationRuleSource {
        func rule(for path: String) throws -> CreationRule { FixtureKeyService.rule() }
    }
}
