@testable import Sops

/// Random documents (seeded, reproducible) for each format: nested mappings and lists, every scalar
/// type, unicode, empty strings, comments, several YAML documents.
struct DocumentGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
    mutating func pick<T>(_ options: [T]) -> T { options[int(0...(options.count - 1))] }

    static let words = ["alpha", "beta", "data", "stringData", "password", "token_secret", "note_unencrypted", "héllo", "✓ ok",
                        "日本", "with space", "a:b", "x,y", "", "yes", "123", "1.5", "true", "null", "-dash", "#hash", "tab\there",
                        "line\nbreak", "trailing ", "quote'd", "dq\"x", "back\\slash", "<html>&", "2024-01-01", "0x1F", "~"]

    mutating func string() -> String {
        var parts: [String] = []
        for _ in 0..<int(1...2) { parts.append(pick(Self.words)) }
        return parts.joined(separator: chance(50) ? "" : "-")
    }

    mutating func key(_ taken: inout Set<String>) -> String {
        while true {
            let candidate = pick(["name", "data", "stringData", "password", "token_secret", "note_unencrypted", "list", "nested",
                                  "héllo", "key\(int(0...99))", "with space", "sops:enc"])
            if taken.insert(candidate).inserted { return candidate }
        }
    }

    mutating func scalar(yaml: Bool) -> SopsValue {
        switch int(0...(yaml ? 7 : 6)) {
        case 0, 1: return .text(string())
        case 2: return .int(Int64(int(-1_000_000...1_000_000)))
        case 3: return .float(pick([1.5, -0.25, 1234.56789, 1e21, 1.5e-7, 3.0e10]))
        case 4: return .bool(chance(50))
        case 5: return .null
        case 6: return .text("")
        default: return .time(SopsTime(year: int(1990...2030), month: int(1...12), day: int(1...28), hour: int(0...23),
                                       minute: int(0...59), second: int(0...59), nanosecond: pick([0, 100_000_000]),
                                       utcOffsetSeconds: pick([0, 3600, -18000])))
        }
    }

    mutating func mapping(depth: Int, yaml: Bool) -> [SopsItem] {
        var items: [SopsItem] = []
        var taken: Set<String> = []
        for _ in 0..<int(1...4) {
            if yaml, chance(20) { items.append(.comment(SopsComment(" " + pick(["note", "sops:enc", "sops:nocrypt", "ünïcode"])))) }
            items.append(.entry(key(&taken), value(depth: depth, yaml: yaml)))
        }
        return items
    }

    mutating func value(depth: Int, yaml: Bool) -> SopsValue {
        guard depth < 3 else { return scalar(yaml: yaml) }
        switch int(0...9) {
        case 0, 1: return .mapping(mapping(depth: depth + 1, yaml: yaml))
        case 2: return .sequence((0..<int(0...3)).map { _ in value(depth: depth + 1, yaml: yaml) })
        default: return scalar(yaml: yaml)
        }
    }

    /// A document in `format` (text written by the format's own writer, sometimes re-indented).
    mutating func document(_ format: SopsFormat) throws -> [UInt8] {
        switch format {
        case .json:
            return try JSONWriter(indent: chance(50) ? [0x09] : [0x20, 0x20]).document(mapping(depth: 0, yaml: false))
        case .yaml:
            let branches = (0..<int(1...3)).map { _ in mapping(depth: 0, yaml: true) }
            return YAMLStore.emit(branches, indent: pick([2, 4]))
        case .dotenv:
            var taken: Set<String> = []
            return try DotenvStore.emit((0..<int(1...6)).map { _ in
                chance(15) ? .comment(SopsComment(" comment")) : .entry(key(&taken).replacingOccurrences("=", with: ""), .text(string()))
            })
        case .ini:
            var sections: Set<String> = []
            let branch: SopsBranch = (0..<int(1...3)).map { _ in
                var keys: Set<String> = []
                let name = key(&sections)
                return .entry(name, .mapping((0..<int(1...4)).map { _ in
                    .entry(key(&keys), .text(pick(["plain", "two words", "héllo", "1.5", "with#hash", "semi;colon", "", "a=b"])))
                }))
            }
            return try INIWriter().document(branch)
        case .binary:
            return (0..<int(0...64)).map { _ in UInt8(truncatingIfNeeded: next()) }
        }
    }
}
