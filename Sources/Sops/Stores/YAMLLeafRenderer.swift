import LosslessYAML
import TextEncoding

/// Spells YAML scalars for the layout template: the styles that reproduce a scalar's source text
/// from its value (docs/layout.md), anything else is kept raw.
struct YAMLLeafRenderer: LeafRenderer {
    /// Styles that may reproduce a scalar's source text.
    static func styles(for node: YAMLNode, value: SopsValue) -> [String] {
        switch node.scalarStyle {
        case .plain: return value == .null ? ["e", "p", "t"] : ["p"]
        case .singleQuoted: return ["s"]
        case .doubleQuoted: return ["d"]
        case .literal:
            guard let header = node.blockHeader else { return [] }
            let chomp = switch header.chomping { case .clip: "c"; case .strip: "-"; case .keep: "+" }
            return ["l\(chomp)\(header.indentationIndicator.map(String.init) ?? ""):\(header.contentIndent)"]
        case .folded: return []
        }
    }

    /// `p` plain, `e` empty, `t` tilde, `s` single-quoted, `d` double-quoted,
    /// `l<chomp><digit>:<column>` literal block (header, then the content lines at `column`).
    func render(_ value: SopsValue, style: String) -> [UInt8]? {
        switch style {
        case "p": return plain(value)
        case "e": return value == .null ? [] : nil
        case "t": return value == .null ? Array("~".utf8) : nil
        case "s", "d":
            guard case .string(let bytes) = value, let text = String(validating: bytes, as: UTF8.self) else { return nil }
            return Array((style == "s" ? "'" + text.replacingOccurrences("'", with: "''") + "'" : Self.doubleQuoted(text)).utf8)
        default:
            return literal(value, style: style)
        }
    }

    private func plain(_ value: SopsValue) -> [UInt8]? {
        switch value {
        case .string(let bytes): return bytes
        case .int(let n): return Array(String(n).utf8)
        case .float(let f):
            return Array((f.isNaN ? ".nan" : f.isInfinite ? (f > 0 ? ".inf" : "-.inf") : GoFloat.formatG(f)).utf8)
        case .bool(let b): return Array((b ? "true" : "false").utf8)
        case .null: return Array("null".utf8)
        case .time(let t): return t.marshalText.map { Array($0.utf8) }
        case .comment, .mapping, .sequence: return nil
        }
    }

    private func literal(_ value: SopsValue, style: String) -> [UInt8]? {
        guard style.hasPrefix("l"), case .string(let bytes) = value, let colon = style.firstIndex(of: ":"),
              let column = Int(style[style.index(after: colon)...]) else { return nil }
        let flags = style[style.index(after: style.startIndex)..<colon]
        var header = "|"
        if let digit = flags.first(where: \.isNumber) { header.append(digit) }
        if flags.hasPrefix("-") { header += "-" } else if flags.hasPrefix("+") { header += "+" }
        var lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        var out = Array(header.utf8)
        for line in lines {
            out.append(0x0A)
            if !line.isEmpty { out += [UInt8](repeating: 0x20, count: column) + Array(line.utf8) }
        }
        return out
    }

    /// A double-quoted scalar with the escapes yaml.v3 writes.
    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for c in text.unicodeScalars {
            switch c {
            case "\0": out += "\\0"
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{0B}": out += "\\v"
            case "\u{0C}": out += "\\f"
            case "\r": out += "\\r"
            case "\u{1B}": out += "\\e"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{85}": out += "\\N"
            case "\u{A0}": out += "\\_"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            case " "..."~", "\u{A1}"..."\u{D7FF}", "\u{E000}"..."\u{FEFE}", "\u{FF00}"..."\u{FFFD}":
                out.unicodeScalars.append(c)
            default:
                let hex = String(c.value, radix: 16, uppercase: true)
                out += c.value <= 0xFF ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                    : c.value <= 0xFFFF ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            }
        }
        return out + "\""
    }
}
