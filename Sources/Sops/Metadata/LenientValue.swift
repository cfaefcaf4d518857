import TextEncoding

/// mapstructure's weakly typed decoding, which sops uses for the metadata (spec/sops-format.md §6.3):
/// numbers, booleans and strings convert into each other; fields match case-insensitively after an
/// exact match fails; a single mapping where a list is expected counts as a one-element list.
struct LenientMapping {
    private let items: [(String, SopsValue)]
    let context: String

    init(_ value: SopsValue, context: String) throws(SopsError) {
        switch value {
        case .mapping(let items):
            self.items = items.compactMap { item in
                if case .entry(let k, let v) = item { return (k, v) }
                return nil
            }
        case .null:
            items = []
        default:
            throw SopsError(.metadata, "'\(context)' expected a map, got '\(value.kindName)'")
        }
        self.context = context
    }

    /// The value of `field` (last one wins, like a Go map), exact name first.
    func value(_ field: String) -> SopsValue? {
        if let exact = items.last(where: { $0.0 == field }) { return exact.1 }
        let folded = field.lowercased()
        guard folded.utf8.allSatisfy({ $0 < 0x80 }) else { return items.last(where: { $0.0.lowercased() == folded })?.1 }
        return items.last(where: { Self.lowercasedEquals($0.0, asciiFolded: folded) })?.1
    }

    /// `key.lowercased() == folded` for an ASCII `folded`, without allocating for ASCII keys (every
    /// sops field name; String equality of ASCII strings is byte equality).
    private static func lowercasedEquals(_ key: String, asciiFolded folded: String) -> Bool {
        var keyBytes = key.utf8.makeIterator(), foldedBytes = folded.utf8.makeIterator()
        while let k = keyBytes.next() {
            // Non-ASCII keys may lowercase to other lengths or to ASCII (the Kelvin sign): exact path.
            guard k < 0x80 else { return key.lowercased() == folded }
            // An ASCII prefix lowercases byte for byte, so a differing ASCII byte decides.
            guard let f = foldedBytes.next(), (k >= 0x41 && k <= 0x5A ? k | 0x20 : k) == f else { return false }
        }
        return foldedBytes.next() == nil
    }

    func string(_ field: String) throws(SopsError) -> String {
        guard let value = value(field) else { return "" }
        switch value {
        case .null: return ""
        case .string(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .bool(let b): return b ? "1" : "0"
        case .int(let n): return String(n)
        case .float(let f): return GoFloat.formatF(f)
        default:
            throw SopsError(.metadata, "'\(qualified(field))' expected type 'string', got unconvertible type '\(value.kindName)'",
                            hint: value.kindName == "time.Time" ? "timestamps in the sops block must be quoted strings" : nil)
        }
    }

    func int(_ field: String) throws(SopsError) -> Int {
        guard let value = value(field) else { return 0 }
        switch value {
        case .null: return 0
        case .int(let n): return Int(n)
        case .bool(let b): return b ? 1 : 0
        case .float(let f) where f.isFinite && abs(f) < 9e18: return Int(f)
        case .string(let bytes):
            let text = String(decoding: bytes, as: UTF8.self)
            if text.isEmpty { return 0 }
            if let n = Int(text) { return n }
            throw SopsError(.metadata, "cannot parse '\(qualified(field))' as int")
        default:
            throw SopsError(.metadata, "'\(qualified(field))' expected type 'int', got unconvertible type '\(value.kindName)'")
        }
    }

    func bool(_ field: String) throws(SopsError) -> Bool {
        guard let value = value(field) else { return false }
        switch value {
        case .null: return false
        case .bool(let b): return b
        case .int(let n): return n != 0
        case .float(let f): return f != 0
        case .string(let bytes):
            switch String(decoding: bytes, as: UTF8.self) {
            case "": return false
            case "1", "t", "T", "TRUE", "true", "True": return true
            case "0", "f", "F", "FALSE", "false", "False": return false
            default: throw SopsError(.metadata, "cannot parse '\(qualified(field))' as bool")
            }
        default:
            throw SopsError(.metadata, "'\(qualified(field))' expected type 'bool', got unconvertible type '\(value.kindName)'")
        }
    }

    func list(_ field: String) throws(SopsError) -> [SopsValue] {
        guard let value = value(field) else { return [] }
        switch value {
        case .null: return []
        case .sequence(let elements): return elements.filter { if case .comment = $0 { return false }; return true }
        case .mapping(let items): return items.isEmpty ? [] : [value]
        default:
            throw SopsError(.metadata, "'\(qualified(field))': source data must be an array or slice, got \(value.kindName)")
        }
    }

    func mapping(_ field: String) throws(SopsError) -> LenientMapping? {
        guard let value = value(field) else { return nil }
        if case .null = value { return nil }
        return try LenientMapping(value, context: qualified(field))
    }

    /// Every entry as strings (a KMS encryption context).
    func stringEntries() throws(SopsError) -> [String: String] {
        var out: [String: String] = [:]
        for (key, _) in items { out[key] = try string(key) }
        return out
    }

    private func qualified(_ field: String) -> String { context.isEmpty ? field : "\(context).\(field)" }
}
