import LosslessYAML

/// Writes sops trees as sops' YAML store does through yaml.v3 (spec/sops-format.md §2.3, §2.6):
/// block style, `indent` spaces per level, sequences not compact, comments as `#text` lines, scalars
/// plain unless that would change them. Also spells leaves for the layout template.
struct YAMLWriter: LeafRenderer {
    var indent: Int = 4

    func stream(_ branches: [SopsBranch]) throws(SopsError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        for (index, branch) in branches.enumerated() {
            if index > 0 { out += Array("---\n".utf8) }
            if !branch.contains(where: { $0.key != nil }) {
                // Comments of an empty document are dropped, as sops does.
                out += Array("{}\n".utf8)
                continue
            }
            try mapping(branch, column: 0, continuing: false, into: &out)
        }
        return out
    }

    /// The next indentation step above `column`.
    private func next(_ column: Int) -> Int { indent * ((column + indent) / indent) }

    private func pad(_ column: Int, _ out: inout [UInt8]) { out += [UInt8](repeating: 0x20, count: column) }

    private func commentLine(_ comment: SopsComment, column: Int, _ out: inout [UInt8]) {
        pad(column, &out)
        out += [UInt8(ascii: "#")] + Array(comment.text.utf8) + [0x0A]
    }

    private func lineComments(_ comments: [SopsComment], _ out: inout [UInt8]) {
        for comment in comments { out += Array(" #".utf8) + Array(comment.text.utf8) }
    }

    /// A block mapping whose keys start at `column`; `continuing` when the cursor already is there
    /// (the mapping is a sequence item, after `- `).
    private func mapping(_ items: [SopsItem], column: Int, continuing: Bool, into out: inout [UInt8]) throws(SopsError) {
        var pending: [SopsComment] = []
        var atLineStart = !continuing
        for item in items {
            switch item {
            case .comment(let comment):
                pending.append(comment)
            case .entry(let key, let value):
                let heads = pending.filter { !$0.inline }, inline = pending.filter(\.inline)
                pending = []
                for head in heads {
                    if atLineStart { commentLine(head, column: column, &out) } else { out += [UInt8(ascii: "#")] + Array(head.text.utf8) + [0x0A] }
                    atLineStart = true
                }
                if atLineStart { pad(column, &out) }
                atLineStart = true
                out += try keyText(key) + [UInt8(ascii: ":")]
                try entryValue(value, keyColumn: column, lineComments: inline, into: &out)
            }
        }
        for comment in pending { commentLine(comment, column: column, &out) }
    }

    private func entryValue(_ value: SopsValue, keyColumn: Int, lineComments inline: [SopsComment], into out: inout [UInt8]) throws(SopsError) {
        switch value {
        case .mapping(let items) where items.contains(where: { $0.key != nil }):
            lineComments(inline, &out)
            out.append(0x0A)
            try mapping(items, column: next(keyColumn), continuing: false, into: &out)
        case .sequence(let elements) where elements.contains(where: { if case .comment = $0 { return false }; return true }):
            lineComments(inline, &out)
            out.append(0x0A)
            try sequence(elements, column: next(keyColumn), continuing: false, into: &out)
        default:
            out.append(0x20)
            try scalarBlock(value, parentColumn: keyColumn, lineComments: inline, into: &out)
        }
    }

    private func sequence(_ elements: [SopsValue], column: Int, continuing: Bool, into out: inout [UInt8]) throws(SopsError) {
        var pending: [SopsComment] = []
        var atLineStart = !continuing
        for element in elements {
            if case .comment(let comment) = element { pending.append(comment); continue }
            let heads = pending.filter { !$0.inline }, inline = pending.filter(\.inline)
            pending = []
            for head in heads {
                if atLineStart { commentLine(head, column: column, &out) } else { out += [UInt8(ascii: "#")] + Array(head.text.utf8) + [0x0A] }
                atLineStart = true
            }
            if atLineStart { pad(column, &out) }
            atLineStart = true
            out += Array("- ".utf8)
            switch element {
            case .mapping(let items) where items.contains(where: { $0.key != nil }):
                try mapping(items, column: column + 2, continuing: true, into: &out)
            case .sequence(let nested) where nested.contains(where: { if case .comment = $0 { return false }; return true }):
                try sequence(nested, column: column + 2, continuing: true, into: &out)
            default:
                try scalarBlock(element, parentColumn: column, lineComments: inline, into: &out)
            }
        }
        for comment in pending { commentLine(comment, column: column, &out) }
    }

    /// A scalar (or empty collection) after `key: ` or `- `, with its line comments, ending the line.
    private func scalarBlock(_ value: SopsValue, parentColumn: Int, lineComments inline: [SopsComment], into out: inout [UInt8]) throws(SopsError) {
        if case .string(let bytes) = value, let block = literal(bytes, parentColumn: parentColumn) {
            out += block.header
            lineComments(inline, &out)
            out.append(0x0A)
            out += block.body
            return
        }
        out += try inlineScalar(value)
        lineComments(inline, &out)
        out.append(0x0A)
    }

    // MARK: Scalars

    private func inlineScalar(_ value: SopsValue) throws(SopsError) -> [UInt8] {
        switch value {
        case .string(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return Array("!!binary ".utf8) + Array(Base64.encode(bytes).utf8)
            }
            return Array(Self.quoted(text, allowPlain: true).utf8)
        case .int(let n): return Array(String(n).utf8)
        case .float(let f): return Array(Self.float(f).utf8)
        case .bool(let b): return Array((b ? "true" : "false").utf8)
        case .null: return Array("null".utf8)
        case .time(let t): return Array(try t.marshalText().utf8)
        case .mapping: return Array("{}".utf8)
        case .sequence: return Array("[]".utf8)
        case .comment(let c): return Array(Self.quoted(c.text, allowPlain: true).utf8)
        }
    }

    private func keyText(_ key: String) throws(SopsError) -> [UInt8] {
        Array(Self.quoted(key, allowPlain: true).utf8)
    }

    static func float(_ f: Double) -> String {
        if f.isNaN { return ".nan" }
        if f.isInfinite { return f > 0 ? ".inf" : "-.inf" }
        return GoFloat.formatG(f)
    }

    /// A literal block for a multi-line string yaml.v3 would write as one: header and content lines.
    private func literal(_ bytes: [UInt8], parentColumn: Int) -> (header: [UInt8], body: [UInt8])? {
        guard bytes.contains(0x0A), let text = String(validating: bytes, as: UTF8.self) else { return nil }
        guard text.unicodeScalars.allSatisfy({ $0 == "\n" || Self.isPrintable($0) }) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard !lines.contains(where: { $0.hasSuffix(" ") }) else { return nil }
        let content = next(parentColumn)
        var header = "|"
        if lines[0].hasPrefix(" ") || lines[0].isEmpty { header += String(content - parentColumn) }
        var bodyLines = lines
        if text.hasSuffix("\n\n") {
            header += "+"
            bodyLines.removeLast()
        } else if text.hasSuffix("\n") {
            bodyLines.removeLast()
        } else {
            header += "-"
        }
        var body: [UInt8] = []
        for line in bodyLines {
            if !line.isEmpty { body += [UInt8](repeating: 0x20, count: content) + Array(line.utf8) }
            body.append(0x0A)
        }
        return (Array(header.utf8), body)
    }

    /// yaml.v3's choice for a single-line string: plain, single- or double-quoted.
    static func quoted(_ text: String, allowPlain: Bool) -> String {
        let special = text.unicodeScalars.contains { !isPrintable($0) || $0 == "\n" }
        if special || YAMLPlainScalar.resolvesToNonString(text) || YAMLPlainScalar.isOldBool(text) || YAMLPlainScalar.isBase60Float(text) {
            return doubleQuoted(text)
        }
        if allowPlain, plainAllowed(text) { return text }
        return "'" + text.replacingOccurrences("'", with: "''") + "'"
    }

    /// Whether yaml.v3's emitter may write `text` plain in block context.
    static func plainAllowed(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return false }
        if first == " " || last == " " || last == ":" { return false }
        if text.hasPrefix("---") || text.hasPrefix("...") { return false }
        if "[]{},*&!|>'\"%@`#".unicodeScalars.contains(first) { return false }
        if first == "-" || first == "?" || first == ":" {
            guard scalars.count > 1, scalars[1] != " " else { return false }
        }
        return !text.contains(": ") && !text.contains(" #")
    }

    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x0A, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0x10000...0x10FFFF: return true
        case 0xE000...0xFFFD: return c.value != 0xFEFF
        default: return false
        }
    }

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
            default:
                if isPrintable(c) { out.unicodeScalars.append(c); continue }
                let hex = String(c.value, radix: 16, uppercase: true)
                out += c.value <= 0xFF ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                    : c.value <= 0xFFFF ? "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            }
        }
        return out + "\""
    }

    // MARK: Layout template spellings

    /// Styles that may reproduce a scalar's source text.
    static func templateStyles(for node: YAMLNode, value: SopsValue) -> [String] {
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

    /// `p` plain, `e` empty, `t` tilde, `s` single-quoted, `d` double-quoted, `l<chomp><digit>:<column>` literal.
    func render(_ value: SopsValue, style: String) -> [UInt8]? {
        switch style {
        case "p":
            if case .string(let bytes) = value { return bytes }
            return try? inlineScalar(value)
        case "e": return value == .null ? [] : nil
        case "t": return value == .null ? Array("~".utf8) : nil
        case "s", "d":
            guard case .string(let bytes) = value, let text = String(validating: bytes, as: UTF8.self) else { return nil }
            return Array((style == "s" ? "'" + text.replacingOccurrences("'", with: "''") + "'" : Self.doubleQuoted(text)).utf8)
        default:
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
    }
}
