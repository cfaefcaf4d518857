import Testing
@testable import Age

/// The framing of the plugin protocol: stanzas arriving in pieces, multi-line bodies, limits.
@Suite struct AgePluginStanzaReaderTests {
    private func encoded(_ stanzas: [AgeStanza]) -> [UInt8] {
        var out = [UInt8]()
        for stanza in stanzas { AgeFormat.encode(stanza, into: &out) }
        return out
    }

    @Test func readsStanzasThatArriveByteByByte() throws {
        let stanzas = [AgeStanza(type: "recipient-stanza", arguments: ["0", "x", "abc"], body: Array(0..<200)),
                       AgeStanza(type: "msg", arguments: [], body: Array(0..<48)),
                       AgeStanza(type: "done", arguments: [], body: [])]
        var reader = AgePluginStanzaReader()
        var read = [AgeStanza]()
        for byte in encoded(stanzas) {
            reader.append([byte])
            while let stanza = try reader.next() { read.append(stanza) }
        }
        #expect(read == stanzas)
        #expect(!reader.hasPartialStanza)
    }

    @Test(arguments: [
        ("hello\n", "sent a line that is not a stanza"),
        ("-> ok\n!!!!\n", "sent a stanza body that is not base64"),
        ("-> a  b\n\n", "sent a malformed stanza line"),
        ("-> " + String(repeating: "a ", count: 40) + "\n\n", "sent a stanza with too many arguments"),
        ("-> ok\n" + String(repeating: "A", count: 65), "sent a line longer than 64 bytes"),
        ("-> " + String(repeating: "x", count: 4097), "sent a line longer than 4096 bytes"),
    ])
    func rejectsMalformedInput(_ input: String, _ message: String) {
        var reader = AgePluginStanzaReader()
        reader.append(Array(input.utf8))
        let error = #expect(throws: AgeError.self) { try reader.next() }
        #expect(error?.message == message)
    }

    @Test func rejectsBodiesOverTheLimit() {
        var reader = AgePluginStanzaReader()
        let line = String(repeating: "A", count: 64) + "\n"
        reader.append(Array(("-> msg\n" + String(repeating: line, count: 1500)).utf8))
        let error = #expect(throws: AgeError.self) { try reader.next() }
        #expect(error?.message == "sent a stanza body larger than 64 KiB")
    }
}
