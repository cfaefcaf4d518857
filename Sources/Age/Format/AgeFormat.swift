import Crypto
import TextEncoding
/// One recipient stanza of an age header: `-> type arg…` and a base64 body (age-encryption.org/v1,
/// "Header"), age's `Stanza`.
public struct AgeStanza: Equatable, Sendable {
    /// The first word after `-> `: whose stanza it is (`X25519`, `scrypt`, `ssh-ed25519`, a plugin's).
    public var type: String
    /// The other words of the opening line.
    public var arguments: [String]
    /// The decoded body (a wrapped file key).
    public var body: [UInt8]
}

/// A parsed age header: the stanzas, the MAC, and the exact bytes the MAC covers.
struct AgeHeader {
    var stanzas: [AgeStanza]
    var mac: [UInt8]
    /// The header from the version line through `---` (what HMAC-SHA-256 authenticates).
    var authenticatedBytes: ArraySlice<UInt8>
    /// Where the payload (nonce, then STREAM chunks) starts.
    var payloadStart: Int
}

/// The age v1 header grammar: parse strictly, serialise canonically.
enum AgeFormat {
    static let intro = Array("age-encryption.org/v1\n".utf8)
    static let stanzaPrefix = Array("-> ".utf8)
    static let footerPrefix = Array("---".utf8)
    /// Body lines wrap at 64 columns; a line shorter than that (possibly empty) ends the body.
    static let columnsPerLine = 64
    static let bytesPerLine = columnsPerLine / 4 * 3
    static let macLength = 32

    /// Parses the header at the start of `file`.
    static func parse(_ file: [UInt8]) throws(AgeError) -> AgeHeader {
        guard file.starts(with: intro) else { throw .parse("unexpected intro") }
        var reader = LineReader(bytes: file, position: intro.count)
        var stanzas = [AgeStanza]()
        while true {
            guard let line = reader.nextLine() else { throw .parse("unexpected end of header") }
            let text = file[line]
            if text.starts(with: footerPrefix) {
                let mac = try parseFooter(text)
                return AgeHeader(stanzas: stanzas, mac: mac, authenticatedBytes: file[..<(line.lowerBound + 3)],
                                 payloadStart: line.upperBound + 1)
            }
            guard text.starts(with: stanzaPrefix) else { throw .parse("unexpected line") }
            let parsed = try stanza(text.dropFirst(stanzaPrefix.count), fault: { fault in
                switch fault {
                case .bodyLineTooLong: .parse("stanza body line too long")
                case .invalidBase64: .parse("malformed body line: invalid base64")
                case .malformedOpening, .tooManyArguments, .bodyTooLarge: .parse("malformed stanza opening line")
                }
            }, nextLine: { reader.nextLine().map { file[$0] } })
            guard let parsed else { throw .parse("unexpected end of header") }
            stanzas.append(parsed)
        }
    }

    /// How a stanza breaks the grammar; each reader words it for its own input.
    enum StanzaFault { case malformedOpening, tooManyArguments, bodyLineTooLong, invalidBase64, bodyTooLarge }

    /// The stanza whose opening line (after `-> `) is `opening`, its body read from `nextLine` up to
    /// the short line that ends it; nil when `nextLine` runs out first. Shared by the header and the
    /// plugin protocol, whose bodies may be file keys: what was decoded is zeroed on every exit.
    static func stanza(_ opening: ArraySlice<UInt8>, maxArguments: Int = .max, maxBodyLength: Int = .max,
                       fault: (StanzaFault) -> AgeError,
                       nextLine: () throws(AgeError) -> ArraySlice<UInt8>?) throws(AgeError) -> AgeStanza? {
        let fields = opening.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard fields.count - 1 <= maxArguments else { throw fault(.tooManyArguments) }
        guard fields.allSatisfy(isValidString) else { throw fault(.malformedOpening) }
        var body = [UInt8]()
        var complete = false
        defer { if !complete { Memory.zero(&body) } }
        while true {
            guard let line = try nextLine() else { return nil }
            guard line.count <= columnsPerLine else { throw fault(.bodyLineTooLong) }
            guard var decoded = Base64.decode(line, .raw) else { throw fault(.invalidBase64) }
            defer { Memory.zero(&decoded) }
            body += decoded
            guard body.count <= maxBodyLength else { throw fault(.bodyTooLarge) }
            if decoded.count < bytesPerLine { break }
        }
        complete = true
        return AgeStanza(type: String(decoding: fields[0], as: UTF8.self),
                         arguments: fields.dropFirst().map { String(decoding: $0, as: UTF8.self) }, body: body)
    }

    /// The header up to and including `---`, the part the MAC covers.
    static func encodeWithoutMAC(_ stanzas: [AgeStanza]) -> [UInt8] {
        var out = intro
        for stanza in stanzas { encode(stanza, into: &out) }
        return out + footerPrefix
    }

    /// Appends one stanza; the plugin protocol frames its messages the same way. The body may be a
    /// file key, so its base64 form goes only into `out` (which the caller can clear).
    static func encode(_ stanza: AgeStanza, into out: inout [UInt8]) {
        out += stanzaPrefix + Array(([stanza.type] + stanza.arguments).joined(separator: " ").utf8) + [0x0A]
        var encoded = [UInt8]()
        defer { Memory.zero(&encoded) }
        Base64.append(stanza.body, to: &encoded, .raw)
        var start = 0
        // The body always ends with a short line: an empty one if the last line was full.
        while true {
            let end = min(start + columnsPerLine, encoded.count)
            out += encoded[start..<end] + [0x0A]
            if end - start < columnsPerLine { break }
            start = end
        }
    }

    /// The rest of the header after `---`: ` <mac>\n`.
    static func encodeFooter(mac: [UInt8]) -> [UInt8] {
        Array(" \(Base64.encode(mac, .raw))\n".utf8)
    }

    private static func parseFooter(_ line: ArraySlice<UInt8>) throws(AgeError) -> [UInt8] {
        let fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard fields.count == 2, fields[0].elementsEqual(footerPrefix),
              let mac = Base64.decode(fields[1], .raw), mac.count == macLength else {
            throw .parse("malformed closing line")
        }
        return mac
    }

    /// Stanza type and arguments are non-empty runs of visible ASCII.
    static func isValidString(_ field: ArraySlice<UInt8>) -> Bool {
        !field.isEmpty && field.allSatisfy { (33...126).contains($0) }
    }
}

/// Splits bytes into `\n`-terminated lines; a final unterminated line is not a line.
private struct LineReader {
    let bytes: [UInt8]
    var position = 0

    /// The next line's range, without its `\n`.
    mutating func nextLine() -> Range<Int>? {
        guard let newline = bytes[position...].firstIndex(of: 0x0A) else { return nil }
        defer { position = newline + 1 }
        return position..<newline
    }
}
