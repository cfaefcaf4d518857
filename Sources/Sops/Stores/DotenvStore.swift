/// sops' dotenv store (spec/sops-format.md §1.3): `key=value` lines split at the first `=`, `#`
/// comment lines, `\n` escapes in values, no quoting or trimming.
struct DotenvStore: LeafRenderer {
    /// Parses plaintext or encrypted dotenv; records value spans for the layout template.
    static func parse(_ bytes: [UInt8], spans: inout [LeafSpan]?) throws(SopsError) -> SopsBranch {
        var branch: SopsBranch = []
        var lineStart = 0
        var ordinal = 0
        while lineStart <= bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            defer { lineStart = lineEnd + 1 }
            let line = bytes[lineStart..<lineEnd]
            if line.isEmpty { continue }
            if line.first == UInt8(ascii: "#") {
                branch.append(.comment(SopsComment(String(decoding: line.dropFirst(), as: UTF8.self))))
                continue
            }
            guard let equals = line.firstIndex(of: UInt8(ascii: "=")) else {
                throw SopsError(.syntax, "invalid dotenv input line: a line without '=' (line \(lineNumber(bytes, lineStart)))")
            }
            let key = String(decoding: line[..<equals], as: UTF8.self)
            let value = SopsValue.string(unescape(line[(equals + 1)...]))
            spans?.append(LeafSpan(range: (equals + 1)..<lineEnd, ordinal: ordinal, path: [key], value: value, styles: ["e"]))
            ordinal += 1
            branch.append(.entry(key, value))
        }
        return branch
    }

    private static func lineNumber(_ bytes: [UInt8], _ offset: Int) -> Int {
        bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// Every backslash-`n` becomes a newline (Go `strings.ReplaceAll`, left to right).
    private static func unescape(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == 0x5C, i + 1 < text.endIndex, text[i + 1] == UInt8(ascii: "n") {
                out.append(0x0A)
                i += 2
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    static func emit(_ branch: SopsBranch) throws(SopsError) -> [UInt8] {
        var out: [UInt8] = []
        for item in branch {
            switch item {
            case .comment(let comment):
                out += [UInt8(ascii: "#")] + Array(comment.text.utf8) + [0x0A]
            case .entry(let key, let value):
                switch value {
                case .mapping, .sequence:
                    throw SopsError(.unsupported, "cannot use complex value in dotenv file; offending key \(key)")
                default:
                    out += Array(key.utf8) + [UInt8(ascii: "=")] + DotenvStore().render(value, style: "e")! + [0x0A]
                }
            }
        }
        return out
    }

    /// Style `e`: strings with newlines written as backslash-`n`; other types as sops' ValueToString.
    func render(_ value: SopsValue, style: String) -> [UInt8]? {
        guard style == "e" else { return nil }
        guard case .string(let bytes) = value else { return Array(MetadataFlattening.stringValue(value).utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
            if b == 0x0A { out += [0x5C, UInt8(ascii: "n")] } else { out.append(b) }
        }
        return out
    }
}
