@testable import FilterProtocol
import Testing

/// pkt-line framing: wire form, the 65516-byte limit, partial input, malformed lengths.
@Suite struct PktLineTests {
    private func encode(_ packets: [PktLine]) -> [UInt8] {
        var out: [UInt8] = []
        for packet in packets { packet.encode(into: &out) }
        return out
    }

    @Test func encodesLikeGit() {
        #expect(encode([.text("git-filter-client"), .flush]) == Array("0016git-filter-client\n0000".utf8))
        #expect(encode([.data([])]) == Array("0004".utf8))
        #expect(PktLine.text("version=2").text == "version=2")
        #expect(PktLine.data(Array("no newline".utf8)).text == "no newline")
        #expect(PktLine.flush.text == nil)
    }

    @Test func roundTripsOneByteAtATime() throws {
        let packets: [PktLine] = [.text("command=smudge"), .flush, .data([0, 1, 2, 255]), .data([]),
                                  .data([UInt8](repeating: 7, count: PktLine.maximumPayload)), .flush]
        let wire = encode(packets)
        var parser = PktLineParser()
        var decoded: [PktLine] = []
        for (i, byte) in wire.enumerated() {
            parser.append([byte])
            if let packet = try parser.next() {
                decoded.append(packet)
                #expect(try parser.next() == nil, "one byte completes at most one packet (offset \(i))")
            }
        }
        #expect(decoded == packets)
        #expect(!parser.hasPartialPacket)
    }

    @Test func returnsNilUntilAPacketIsComplete() throws {
        var parser = PktLineParser()
        parser.append(Array("000".utf8))
        #expect(try parser.next() == nil)
        #expect(parser.hasPartialPacket)
        parser.append(Array("8abcd".utf8))
        #expect(try parser.next() == .data(Array("abcd".utf8)))
        #expect(try parser.next() == nil)
    }

    @Test func acceptsUppercaseHexLengths() throws {
        var parser = PktLineParser()
        parser.append(Array("000Aabcdef".utf8))
        #expect(try parser.next() == .data(Array("abcdef".utf8)))
    }

    @Test func splitsContentAtTheMaximumPayload() {
        let content = [UInt8](repeating: 1, count: PktLine.maximumPayload * 2 + 3)
        let packets = PktLine.packets(for: content)
        #expect(packets.count == 3)
        #expect(packets.map { if case .data(let d) = $0 { d.count } else { -1 } } == [65516, 65516, 3])
        #expect(PktLine.packets(for: []).isEmpty)
    }

    @Test(arguments: [
        ("zzzz", "invalid pkt-line length"),
        ("00-1", "invalid pkt-line length"),
        ("0001", "unexpected special pkt-line"),
        ("0002", "unexpected special pkt-line"),
        ("0003", "unexpected special pkt-line"),
        ("fff1", "exceeds the maximum of 65520"),
        ("ffff", "exceeds the maximum of 65520"),
    ])
    func rejectsMalformedLengths(wire: String, message: String) {
        var parser = PktLineParser()
        parser.append(Array(wire.utf8))
        #expect {
            try parser.next()
        } throws: { error in
            guard let error = error as? FilterProtocolError else { return false }
            return error.code == .malformedInput && error.message.contains(message)
        }
    }

    @Test func acceptsTheLargestLegalPacket() throws {
        var parser = PktLineParser()
        parser.append(Array("fff0".utf8) + [UInt8](repeating: 9, count: 65516))
        #expect(try parser.next() == .data([UInt8](repeating: 9, count: 65516)))
    }
}
