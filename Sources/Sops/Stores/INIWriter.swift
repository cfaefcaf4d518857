/// Writes INI as sops does through go-ini's writer (spec/sops-format.md §1.3): `[section]` headers,
/// a blank line between sections, `=` aligned per section, comments as `; text`, values quoted when
/// go-ini would. A non-empty `DEFAULT` section comes first, without a header.
struct INIWriter: LeafRenderer {
    func document(_ branch: SopsBranch) throws(SopsError) -> [UInt8] {
        var sections: [(name: String, items: SopsBranch)] = []
        for item in branch {
            guard case .entry(let name, let value) = item else { continue }
            guard case .mapping(let items) = value else {
                throw SopsError(.unsupported, "Error encoding section \(name): Section values should always be TreeBranches")
            }
            if name == "DEFAULT" {
                if !items.isEmpty { sections.insert((name, items), at: 0) }
            } else {
                sections.append((name, items))
            }
        }
        var blocks: [[UInt8]] = []
        for (index, section) in sections.enumerated() {
            // Bytes, not strings: a value is written as it is, even when it is not UTF-8 (as go-ini does).
            var lines: [[UInt8]] = []
            var rest = section.items[...]
            if case .comment(let comment)? = rest.first {
                lines += Self.commentLines(comment.text, trimmingPlainLines: false).map { Array($0.utf8) }
                rest = rest.dropFirst()
            }
            var keys: [(key: String, value: [UInt8], comment: String)] = []
            for item in rest {
                switch item {
                case .comment(let comment):
                    if !keys.isEmpty { keys[keys.count - 1].comment = comment.text }
                case .entry(let key, let value):
                    switch value {
                    case .mapping, .sequence:
                        throw SopsError(.unsupported, "cannot use complex value in ini file; offending key \(key)")
                    default:
                        guard let quotedKey = Self.quoteKey(key), let text = render(value, style: "q") else {
                            throw SopsError(.unsupported, "cannot write key \(key) of section \(section.name) in INI: "
                                            + "it mixes quotes and backticks in a way go-ini cannot read back")
                        }
                        keys.append((quotedKey, text, ""))
                    }
                }
            }
            if !(index == 0 && section.name == "DEFAULT") { lines.append(Array("[\(section.name)]".utf8)) }
            let width = keys.map { $0.key.utf8.count }.max() ?? 0
            for key in keys {
                if !key.comment.isEmpty {
                    lines += Self.commentLines(key.comment, trimmingPlainLines: true).map { Array($0.utf8) }
                }
                lines.append(Array((key.key + String(repeating: " ", count: width - key.key.utf8.count) + " = ").utf8) + key.value)
            }
            blocks.append(Array(lines.joined(separator: [0x0A])) + [0x0A])
        }
        return Array(blocks.joined(separator: [0x0A]))
    }

    /// go-ini's comment lines: a line that already starts with `;` or `#` keeps that marker (one
    /// space, the rest trimmed), any other gets `; ` (trimmed too for key comments). Without this a
    /// multi-line comment gained a `; ` per line on every decrypt/encrypt round.
    private static func commentLines(_ comment: String, trimmingPlainLines: Bool) -> [String] {
        comment.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            if let marker = line.first, marker == ";" || marker == "#" { return "\(marker) \(trimmed(line.dropFirst()))" }
            return "; " + (trimmingPlainLines ? trimmed(line) : line)
        }
    }

    private static func trimmed(_ text: Substring) -> Substring {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }), let last = text.lastIndex(where: { !$0.isWhitespace }) else {
            return ""
        }
        return text[first...last]
    }

    /// go-ini's key quoting, except that a key with both `"` and a backtick gets `"""` (go-ini
    /// puts it in backticks, which end at its own backtick) and a key starting with `#`, `;` or `[`
    /// is quoted too; nil when no quoting reads back.
    private static func quoteKey(_ key: String) -> String? {
        if key.contains("`") { return key.contains("\"\"\"") || key.hasSuffix("\"") ? nil : "\"\"\"\(key)\"\"\"" }
        // A key starting like a comment or a section header would not read back as a key either.
        if key.contains(where: { $0 == "\"" || $0 == "=" || $0 == ":" }) || ["#", ";", "["].contains(key.first) {
            return "`\(key)`"
        }
        return key
    }

    /// Styles: `q` as go-ini quotes a value, `p` plain, `d` `"…"`, `s` `'…'`, `b` backtick, `t` `"""…"""`.
    func render(_ value: SopsValue, style: String) -> [UInt8]? {
        let text: [UInt8]
        if case .string(let bytes) = value { text = bytes } else { text = Array(MetadataFlattening.stringValue(value).utf8) }
        switch style {
        case "p": return text
        case "d": return [0x22] + text + [0x22]
        case "s": return [0x27] + text + [0x27]
        case "b": return [0x60] + text + [0x60]
        case "t": return [0x22, 0x22, 0x22] + text + [0x22, 0x22, 0x22]
        case "q":
            if text.contains(0x0A) || text.contains(0x60) {
                // The reader takes a `"""` on any line before the last as the closing one.
                let beforeLastLine = text[..<(text.lastIndex(of: 0x0A) ?? 0)]
                if beforeLastLine.indices.contains(where: { beforeLastLine[$0...].starts(with: [0x22, 0x22, 0x22]) }) {
                    return nil
                }
                return render(value, style: "t")
            }
            if text.contains(UInt8(ascii: "#")) || text.contains(UInt8(ascii: ";")) || Self.readsBackDifferently(text) {
                return render(value, style: "b")
            }
            if let first = text.first, let last = text.last, Self.isSpace(first) || Self.isSpace(last) {
                return render(value, style: "d")
            }
            return text
        default: return nil
        }
    }

    /// Values go-ini writes as they are but reads back changed (sops' INI output has the same flaw,
    /// which made such files fail their MAC check): a trailing `\` continues the line, a leading
    /// `"""` opens a quote, quotes around the whole value are removed, and a value with outer
    /// spaces and a `"` cannot be double-quoted. Backticks keep them.
    private static func readsBackDifferently(_ text: [UInt8]) -> Bool {
        if text.last == UInt8(ascii: "\\") || text.starts(with: Array("\"\"\"".utf8)) { return true }
        if let first = text.first, let last = text.last, isSpace(first) || isSpace(last), text.contains(UInt8(ascii: "\"")) {
            return true  // `"…"` would not be unquoted
        }
        return [UInt8(ascii: "'"), UInt8(ascii: "\"")].contains { quote in
            text.count >= 2 && text.first == quote && text.last == quote && !text.dropFirst().dropLast().contains(quote)
        }
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (0x09...0x0D).contains(c) }
}
