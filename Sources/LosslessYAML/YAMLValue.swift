/// A document's data as yaml.v3 decodes it into `interface{}` (the typing sops relies on):
/// aliases expanded, `<<` kept as an ordinary key, mapping order and duplicate keys kept.
public enum YAMLValue: Sendable, Hashable {
    /// `~`, `null`, empty.
    case null
    /// `true`/`True`/`TRUE`, `false`/`False`/`FALSE` (not `yes`/`no`).
    case bool(Bool)
    /// An integer that fits in Int64 (`12`, `0x1F`, `0777`, `0o17`, `0b101`, `1_000`).
    case int(Int64)
    /// An integer in 2^63..<2^64 (yaml.v3 yields `uint64`, which sops cannot walk).
    case uint64(UInt64)
    /// A float (`1.5`, `1e3`, `.inf`, `.nan`, `08`).
    case float(Double)
    /// A timestamp (`2024-01-01`, `2001-12-14T21:59:43.10-05:00`).
    case timestamp(YAMLTimestamp)
    /// A string.
    case string(String)
    /// The payload of a `!!binary` scalar that is not valid UTF-8.
    case bytes([UInt8])
    /// A sequence.
    case sequence([YAMLValue])
    /// A mapping, in source order, duplicates kept.
    case mapping([YAMLPair])

    /// NaN equals NaN here, so that values compare as data.
    public static func == (lhs: YAMLValue, rhs: YAMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.uint64(a), .uint64(b)): return a == b
        case let (.float(a), .float(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.timestamp(a), .timestamp(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.bytes(a), .bytes(b)): return a == b
        case let (.sequence(a), .sequence(b)): return a == b
        case let (.mapping(a), .mapping(b)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let v): hasher.combine(v)
        case .int(let v): hasher.combine(v)
        case .uint64(let v): hasher.combine(v)
        case .float(let v): hasher.combine(v.isNaN ? Double.nan.bitPattern : v.bitPattern)
        case .timestamp(let v): hasher.combine(v)
        case .string(let v): hasher.combine(v)
        case .bytes(let v): hasher.combine(v)
        case .sequence(let v): hasher.combine(v)
        case .mapping(let v): hasher.combine(v)
        }
    }

    /// The string, if this is a string.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The entries, if this is a mapping.
    public var mapping: [YAMLPair]? {
        if case .mapping(let m) = self { return m }
        return nil
    }

    /// The first value stored under a string key, if this is a mapping.
    public subscript(key: String) -> YAMLValue? {
        mapping?.first(where: { $0.key == .string(key) })?.value
    }
}

/// One entry of a mapping value.
public struct YAMLPair: Sendable, Hashable {
    /// The key (usually a string; yaml.v3 also yields ints, bools, nulls, timestamps, collections).
    public var key: YAMLValue
    /// The value.
    public var value: YAMLValue

    /// Creates an entry.
    public init(_ key: YAMLValue, _ value: YAMLValue) {
        self.key = key
        self.value = value
    }
}
