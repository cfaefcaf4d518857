/// One header field. Names compare case-insensitively; values may hold tokens, so headers are
/// never printed.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The first value of the header named `name` (case-insensitive).
    public func value(for name: String) -> String? {
        let lower = name.lowercased()
        return first { $0.name.lowercased() == lower }?.value
    }

    /// Replaces every header named `name` by one with `value`.
    public mutating func set(_ name: String, _ value: String) {
        let lower = name.lowercased()
        removeAll { $0.name.lowercased() == lower }
        append(HTTPHeader(name, value))
    }
}
