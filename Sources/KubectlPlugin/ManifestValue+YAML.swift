/// Canonical block-style YAML in the shape `kubectl get -o yaml` prints: two-space indentation,
/// sequences at their key's indentation, literal blocks for multi-line strings.
extension ManifestValue {
    /// The value as a YAML document body (ends with a newline).
    public var yaml: String {
        var out = ""
        switch self {
        case .object(let fields) where !fields.isEmpty: Self.emit(fields: fields, indent: 0, into: &out)
        case .array(let items) where !items.isEmpty: Self.emit(items: items, indent: 0, into: &out)
        default: out = Self.scalar(self, indent: 0) + "\n"
        }
        return out
    }

    private static func emit(fields: [Field], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for field in fields {
            let key = plainSafe(field.key) ? field.key : quoted(field.key)
            switch field.value {
            case .object(let nested) where !nested.isEmpty:
                out += pad + key + ":\n"
                emit(fields: nested, indent: indent + 2, into: &out)
            case .array(let items) where !items.isEmpty:
                out += pad + key + ":\n"
                emit(items: items, indent: indent, into: &out)
            default:
                out += pad + key + ": " + scalar(field.value, indent: indent + 2) + "\n"
            }
        }
    }

    private static func emit(items: [ManifestValue], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for item in items {
            switch item {
            case .object(let nested) where !nested.isEmpty:
                var body = ""
                emit(fields: nested, indent: indent + 2, into: &body)
                out += pad + "- " + body.dropFirst(indent + 2)
            case .array(let nested) where !nested.isEmpty:
                out += pad + "-\n"
                emit(items: nested, indent: indent + 2, into: &out)
            default:
                out += pad + "- " + scalar(item, indent: indent + 2) + "\n"
            }
        }
    }

    private static func scalar(_ value: ManifestValue, indent: Int) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .object: return "{}"
        case .array: return "[]"
        case .string(let text):
            if plainSafe(text) { return text }
            if let block = literalBlock(text, indent: indent) { return block }
            return quoted(text)
        }
    }

    /// A literal block (`|`, `|-`, `|+`) for printable multi-line text, nil when one cannot hold it.
    private static func literalBlock(_ text: String, indent: Int) -> String? {
        guard text.contains("\n"), !text.hasPrefix(" "), !text.hasPrefix("\n"),
              text.unicodeScalars.allSatisfy({ $0 == "\n" || ($0.value >= 0x20 && $0.value != 0x7f && !(0x80...0x9f).contains($0.value) && $0.value != 0xfeff && $0.value != 0x2028 && $0.value != 0x2029) })
        else { return nil }
        var body = Substring(text)
        var trailing = 0
        while body.hasSuffix("\n") { body = body.dropLast(); trailing += 1 }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        let chomp = trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+"
        let pad = String(repeating: " ", count: indent)
        var out = chomp
        for line in lines { out += "\n" + (line.isEmpty ? "" : pad + line) }
        for _ in 1..<max(trailing, 1) { out += "\n" }
        return out
    }

    /// Whether `text` reads back as the same string when written plain.
    static func plainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if first == " " || first == "\t" || last == " " || last == "\t" { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
            // "-x", "?x" and ":x" are plain when a non-space follows; the rest never start a plain scalar.
            let second = text.unicodeScalars.dropFirst().first
            guard "-?:".unicodeScalars.contains(first), let second, second != " ", second != "\t" else { return false }
        }
        if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return false }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f || (0x80...0x9f).contains($0.value) || $0.value == 0xfeff || $0.value == 0x2028 || $0.value == 0x2029 }) { return false }
        return !resolvesToNonString(text)
    }

    /// Plain scalars that YAML 1.1 or 1.2 would read as null, booleans, numbers or timestamps.
    private static func resolvesToNonString(_ text: String) -> Bool {
        let lower = text.lowercased()
        if ["~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf", ".nan", "<<", "="]
            .contains(lower) { return true }
        let numeric = "0123456789+-._eExXoObBaAcCdDfF:"
        if let first = text.first, "0123456789+-.".contains(first), text.allSatisfy({ numeric.contains($0) }) { return true }
        // Timestamps such as 2001-12-14 or 2001-12-14t21:59:43.10-05:00.
        let digits = text.prefix(10)
        if digits.count == 10, digits.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 ? $0.element == "-" : $0.element.isNumber }) { return true }
        return false
    }
}
