import TextEncoding
/// Writes a branch as sops' JSON store does (spec/sops-format.md §1.6): Go `json.Marshal` escaping,
/// Go float spelling, `json.Indent` layout with `indent` per level, a final newline.
struct JSONWriter: LeafRenderer {
    var indent: [UInt8] = [0x09]

    func document(_ branch: SopsBranch) throws(SopsError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        try write(.mapping(branch), level: 0, into: &out)
        out.append(0x0A)
        return out
    }

    /// Any value (a sequence from `--extract`), with a final newline.
    func value(_ value: SopsValue) throws(SopsError) -> [UInt8] {
        var out: [UInt8] = []
        try write(value, level: 0, into: &out)
        out.append(0x0A)
        return out
    }

    private func write(_ value: SopsValue, level: Int, into out: inout [UInt8]) throws(SopsError) {
        switch value {
        case .mapping(let items):
            let entries = items.compactMap { item -> (String, SopsValue)? in
                if case .entry(let k, let v) = item { return (k, v) }
                return nil
            }
            guard !entries.isEmpty else { out += Array("{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, (key, v)) in entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1, &out)
                Self.quote(Array(key.utf8), go: true, into: &out)
                out += [UInt8(ascii: ":"), 0x20]
                try write(v, level: level + 1, into: &out)
            }
            newline(level, &out)
            out.append(UInt8(ascii: "}"))
        case .sequence(let elements):
            let values = elements.filter { if case .comment = $0 { return false }; return true }
            guard !values.isEmpty else { out += Array("[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, v) in values.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1, &out)
                try write(v, level: level + 1, into: &out)
            }
            newline(level, &out)
            out.append(UInt8(ascii: "]"))
        case .comment:
            break
        default:
            guard let text = render(value, style: value.isString ? "g" : "p") else {
                throw SopsError(.invalidValue, "json: unsupported value: \(GoFloat.formatF(value.floatValue ?? 0))")
            }
            out += text
        }
    }

    private func newline(_ level: Int, _ out: inout [UInt8]) {
        out.append(0x0A)
        for _ in 0..<level { out += indent }
    }

    /// Styles: `g` Go-escaped string, `j` minimally escaped string, `p` number/bool/null as Go writes it.
    func render(_ value: SopsValue, style: String) -> [UInt8]? {
        var out: [UInt8] = []
        switch (value, style) {
        case (.string(let bytes), "g"): Self.quote(bytes, go: true, into: &out)
        case (.string(let bytes), "j"): Self.quote(bytes, go: false, into: &out)
        case (.time(let t), "g"):
            guard let text = try? t.sopsMarshalText() else { return nil }
            Self.quote(Array(text.utf8), go: true, into: &out)
        case (.int(let n), "p"): out = Array(String(n).utf8)
        case (.float(let f), "p"):
            guard let text = GoFloat.formatJSON(f) else { return nil }
            out = Array(text.utf8)
        case (.bool(let b), "p"): out = Array((b ? "true" : "false").utf8)
        case (.null, "p"): out = Array("null".utf8)
        default: return nil
        }
        return out
    }

    /// A JSON string literal. `go` adds Go's HTML-safe escapes (`<` `>` `&`), U+2028/U+2029, and
    /// turns invalid UTF-8 into `\ufffd`; minimal escaping leaves every other byte as is.
    static func quote(_ bytes: [UInt8], go: Bool, into out: inout [UInt8]) {
        let hex = Hex.digits
        out.append(UInt8(ascii: "\""))
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "\""): out += [0x5C, c]
            case UInt8(ascii: "\\"): out += [0x5C, c]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0..<0x20:
                out += Array("\\u00".utf8) + [hex[Int(c >> 4)], hex[Int(c & 0x0F)]]
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                if go { out += Array("\\u00".utf8) + [hex[Int(c >> 4)], hex[Int(c & 0x0F)]] } else { out.append(c) }
            case 0x80...:
                guard go else { out.append(c); break }
                let n = UTF8Repair.validSequenceLength(bytes[...], at: i)
                if n == 0 {
                    out += Array("\\ufffd".utf8)
                } else if n == 3, c == 0xE2, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                    out += Array((bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    i += 3
                    continue
                } else {
                    out += bytes[i..<(i + n)]
                    i += n
                    continue
                }
            default:
                out.append(c)
            }
            i += 1
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension SopsValue {
    var isString: Bool { if case .string = self { return true }; return false }
    var floatValue: Double? { if case .float(let f) = self { return f }; return nil }
}
