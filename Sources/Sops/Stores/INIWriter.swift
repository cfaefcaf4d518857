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
            var lines: [String] = []
            var rest = section.items[...]
            if case .comment(let comment)? = rest.first {
                lines += comment.text.split(separator: "\n", omittingEmptySubsequences: false).map { "; \($0)" }
                rest = rest.dropFirst()
            }
            var keys: [(key: String, value: String, comment: String)] = []
            for item in rest {
                switch item {
                case .comment(let comment):
                    if !keys.isEmpty { keys[keys.count - 1].comment = comment.text }
                case .entry(let key, let value):
                    switch value {
                    case .mapping, .sequence:
                        throw SopsError(.unsupported, "cannot use complex value in ini file; offending key \(key)")
                    default:
                        keys.append((Self.quoteKey(key), String(decoding: render(value, style: "q")!, as: UTF8.self), ""))
                    }
                }
            }
            if !(index == 0 && section.name == "DEFAULT") { lines.append("[\(section.name)]") }
            let width = keys.map { $0.key.utf8.count }.max() ?? 0
            for key in keys {
                if !key.comment.isEmpty {
                    lines += key.comment.split(separator: "\n", omittingEmptySubsequences: false).map { "; \($0)" }
                }
                lines.append(key.key + String(repeating: " ", count: width - key.key.utf8.count) + " = " + key.value)
            }
            blocks.append(Array((lines.joined(separator: "\n") + "\n").utf8))
        }
        return Array(blocks.joined(separator: [0x0A]))
    }

    private static func quoteKey(_ key: String) -> String {
        if key.contains(where: { $0 == "\"" || $0 == "=" || $0 == ":" }) { return "`\(key)`" }
        if key.contains("`") { return "\"\"\"\(key)\"\"\"" }
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
            if text.contains(0x0A) || text.contains(0x60) { return render(value, style: "t") }
            if text.contains(UInt8(ascii: "#")) || text.contains(UInt8(ascii: ";")) { return render(value, style: "b") }
            if let first = text.first, let last = text.last, Self.isSpace(first) || Self.isSpace(last) {
                return render(value, style: "d")
            }
            return text
        default: return nil
        }
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (0x09...0x0D).contains(c) }
}
