import TextEncoding
/// age's ASCII armor (age-encryption.org/v1, "ASCII armor"), which sops stores in `enc` (§7.2):
/// PEM-like begin and end lines around padded base64 in 64-column lines, with a final newline.
public enum AgeArmor {
    static let beginLine = Array("-----BEGIN AGE ENCRYPTED FILE-----".utf8)
    static let endLine = Array("-----END AGE ENCRYPTED FILE-----".utf8)
    static let columnsPerLine = 64
    /// age tolerates this much whitespace around the armor, and no more.
    static let maxWhitespace = 1024

    /// The armored text, exactly as age (and so sops) writes it.
    public static func encode(_ bytes: [UInt8]) -> String {
        let encoded = Array(Base64.encode(bytes, .strict).utf8)
        var out = beginLine + [0x0A]
        var start = 0
        while start < encoded.count {
            let end = min(start + columnsPerLine, encoded.count)
            out += encoded[start..<end] + [0x0A]
            start = end
        }
        return String(decoding: out + endLine + [0x0A], as: UTF8.self)
    }

    /// Whether `text` starts (after whitespace) like armor rather than a binary age file.
    public static func isArmored(_ text: [UInt8]) -> Bool {
        text.drop(while: isWhitespace).starts(with: Array("-----BEGIN".utf8))
    }

    /// Decodes armor as age's reader does: LF or CRLF lines, full lines of 64 columns then one
    /// shorter line, whitespace before and after, nothing else.
    public static func decode(_ text: [UInt8]) throws(AgeError) -> [UInt8] {
        var cursor = text.prefix(while: isWhitespace).endIndex
        guard cursor <= maxWhitespace else { throw invalid("too much leading whitespace") }
        func nextLine() throws(AgeError) -> ArraySlice<UInt8> {
            guard cursor < text.endIndex else { throw invalid("missing end line") }
            let newline = text[cursor...].firstIndex(of: 0x0A) ?? text.endIndex
            let line = text[cursor..<newline]
            cursor = min(newline + 1, text.endIndex)
            return line.last == 0x0D ? line.dropLast() : line
        }
        guard try nextLine().elementsEqual(beginLine) else { throw invalid("invalid first line") }
        var out = [UInt8]()
        while true {
            let line = try nextLine()
            if line.elementsEqual(endLine) { break }
            guard line.count <= columnsPerLine else { throw invalid("column limit exceeded") }
            guard let decoded = Base64.decode(line, .strict) else { throw invalid("invalid base64 line") }
            out += decoded
            if line.count < columnsPerLine {
                guard try nextLine().elementsEqual(endLine) else { throw invalid("invalid closing line") }
                break
            }
        }
        let trailing = text[cursor...]
        guard trailing.allSatisfy(isWhitespace) else { throw invalid("trailing data after armored file") }
        guard trailing.count < maxWhitespace else { throw invalid("too much trailing whitespace") }
        return out
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    private static func invalid(_ reason: String) -> AgeError { AgeError(.malformed, "invalid age armor: \(reason)") }
}
