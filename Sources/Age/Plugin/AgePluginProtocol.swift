import Crypto
import TextEncoding

/// The age plugin protocol's framing (C2SP age-plugin.md): stanzas written as in an age header
/// (`AgeFormat.encode`), read here from the plugin's stdout, which is untrusted and bounded.
struct AgePluginStanzaReader {
    /// A command line (`-> recipient-stanza 0 type args…`) longer than this is not a plugin talking.
    static let maxLineLength = 4096
    static let maxArguments = 32
    /// Stanza bodies are file keys, prompts and messages: small.
    static let maxBodyLength = 64 << 10

    private var buffer = [UInt8]()

    /// Adds bytes the plugin wrote.
    mutating func append(_ bytes: some Collection<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete stanza, or nil until more bytes arrive. Consumed bytes are cleared: a body
    /// may be a file key or a secret the user typed.
    mutating func next() throws(AgeError) -> AgeStanza? {
        var position = 0
        guard let first = try line(at: &position, limit: Self.maxLineLength) else { return nil }
        guard first.starts(with: AgeFormat.stanzaPrefix) else { throw Self.malformed("a line that is not a stanza") }
        let stanza = try AgeFormat.stanza(first.dropFirst(AgeFormat.stanzaPrefix.count), maxArguments: Self.maxArguments,
                                          maxBodyLength: Self.maxBodyLength, fault: { fault in
            switch fault {
            case .tooManyArguments: Self.malformed("a stanza with too many arguments")
            case .malformedOpening: Self.malformed("a malformed stanza line")
            case .bodyLineTooLong: Self.malformed("a line longer than \(AgeFormat.columnsPerLine) bytes")
            case .invalidBase64: Self.malformed("a stanza body that is not base64")
            case .bodyTooLarge: Self.malformed("a stanza body larger than \(Self.maxBodyLength >> 10) KiB")
            }
        }, nextLine: { () throws(AgeError) in try line(at: &position, limit: AgeFormat.columnsPerLine) })
        guard let stanza else { return nil }
        var rest = Array(buffer[position...])
        swap(&rest, &buffer)
        Memory.zero(&rest)
        return stanza
    }

    /// The line starting at `position` (without `\n`), advancing past it; nil if it is incomplete.
    private func line(at position: inout Int, limit: Int) throws(AgeError) -> ArraySlice<UInt8>? {
        let end = buffer[position...].firstIndex(of: 0x0A)
        guard (end ?? buffer.count) - position <= limit else { throw Self.malformed("a line longer than \(limit) bytes") }
        guard let end else { return nil }
        defer { position = end + 1 }
        return buffer[position..<end]
    }

    /// Whether bytes of an unfinished stanza are waiting (the plugin exited mid-stanza).
    var hasPartialStanza: Bool { !buffer.isEmpty }

    /// Clears what is left (the plugin exited or misbehaved).
    mutating func clear() {
        Memory.zero(&buffer)
        buffer = []
    }

    private static func malformed(_ what: String) -> AgeError { AgeError(.failed, "sent \(what)") }
}
