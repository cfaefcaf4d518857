/// A Kubernetes object (or any JSON-shaped YAML value) with mapping keys in document order.
public enum ManifestValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number, kept as written so nothing is lost to floating point.
    case number(String)
    case string(String)
    case array([ManifestValue])
    case object([Field])

    /// One mapping entry.
    public struct Field: Equatable, Sendable {
        public var key: String
        public var value: ManifestValue
        public init(_ key: String, _ value: ManifestValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value at `key` of a mapping, nil otherwise.
    public subscript(key: String) -> ManifestValue? {
        get {
            guard case .object(let fields) = self else { return nil }
            return fields.first { $0.key == key }?.value
        }
        set {
            guard case .object(var fields) = self else { return }
            if let index = fields.firstIndex(where: { $0.key == key }) {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                fields.append(Field(key, newValue))
            }
            self = .object(fields)
        }
    }

    /// The fields of a mapping, nil otherwise.
    public var fields: [Field]? {
        if case .object(let fields) = self { return fields }
        return nil
    }

    /// The text of a string scalar, nil otherwise.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value's text for scalars as a string-typed field would hold it (`data` values are strings).
    var scalarText: String? {
        switch self {
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .null, .array, .object: return nil
        }
    }
}
