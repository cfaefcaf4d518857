import TextEncoding

/// The single-level metadata keys of dotenv and INI files (spec/sops-format.md §6.6):
/// `pgp__list_0__map_fp` is `pgp[0].fp`.
enum MetadataFlattening {
    static let mapSeparator = "__map_"
    static let listSeparator = "__list_"

    /// Flattens a metadata mapping into (key, string) pairs in order; `prefix` is `sops_` for dotenv.
    static func flatten(_ metadata: SopsValue, prefix: String) throws(SopsError) -> [(String, String)] {
        var out: [(String, String)] = []
        var seen: Set<String> = []
        func visit(_ value: SopsValue, _ key: String) throws(SopsError) {
            switch value {
            case .mapping(let items):
                for case .entry(let k, let v) in items { try visit(v, key + mapSeparator + k) }
            case .sequence(let elements):
                var index = 0
                for element in elements {
                    if case .comment = element { continue }
                    try visit(element, key + listSeparator + String(index))
                    index += 1
                }
            default:
                guard seen.insert(key).inserted else {
                    throw SopsError(.metadata, "Found key collision '\(key)' while flattening")
                }
                out.append((key, stringValue(value)))
            }
        }
        guard case .mapping(let items) = metadata else { return [] }
        for case .entry(let k, let v) in items { try visit(v, prefix + k) }
        return out
    }

    /// Rebuilds the nested metadata from flat keys (mappings sorted, lists complete).
    static func unflatten(_ pairs: [(String, String)]) throws(SopsError) -> SopsValue {
        let root = Node()
        for (key, value) in pairs {
            var node = root
            let tokens = tokenize(key)
            // sops' deepest key has 5 levels (key_groups__list_0__map_age__list_0__map_enc); a hostile
            // key of thousands would overflow the stack in `convert`.
            guard tokens.count <= maxDepth else {
                throw SopsError(.metadata, "Error while unflattening: a metadata key nests deeper than \(maxDepth) levels")
            }
            for token in tokens {
                switch token {
                case .map(let name): node = node.child(name: name)
                case .list(let index): node = node.child(index: index)
                }
            }
            guard node.value == nil else {
                throw SopsError(.metadata, "Error while unflattening '\(key)': Duplicate value")
            }
            node.value = value
        }
        let value = try root.convert()
        guard case .mapping = value else { throw SopsError(.metadata, "Internal error: cannot find root") }
        return value
    }

    static let maxDepth = 32

    private enum Token { case map(String), list(Int) }

    private static func tokenize(_ key: String) -> [Token] {
        var tokens: [Token] = []
        let bytes = Array(key.utf8)
        let map = Array(mapSeparator.utf8), list = Array(listSeparator.utf8)
        var kind = 0  // 0: first (map), 1: map, 2: list
        var start = 0
        var i = 0
        func finish(_ end: Int) {
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            tokens.append(kind == 2 ? .list(Int(text) ?? 0) : .map(text))
        }
        while i < bytes.count {
            if bytes[i...].starts(with: map) {
                finish(i); kind = 1; i += map.count; start = i
            } else if bytes[i...].starts(with: list) {
                finish(i); kind = 2; i += list.count; start = i
            } else {
                i += 1
            }
        }
        finish(bytes.count)
        return tokens
    }

    private final class Node {
        var value: String?
        var keys: [String: Node] = [:]
        var indices: [Int: Node] = [:]

        func child(name: String) -> Node {
            if let existing = keys[name] { return existing }
            let node = Node()
            keys[name] = node
            return node
        }

        func child(index: Int) -> Node {
            if let existing = indices[index] { return existing }
            let node = Node()
            indices[index] = node
            return node
        }

        func convert() throws(SopsError) -> SopsValue {
            let kinds = (value == nil ? 0 : 1) + (keys.isEmpty ? 0 : 1) + (indices.isEmpty ? 0 : 1)
            guard kinds <= 1 else { throw SopsError(.metadata, "Error while unflattening: Type mismatch") }
            if let value { return .text(value) }
            if !indices.isEmpty {
                guard indices.keys.min() == 0, indices.keys.max() == indices.count - 1 else {
                    throw SopsError(.metadata, "Error while unflattening: Incomplete list")
                }
                var elements: [SopsValue] = []
                for i in 0..<indices.count { elements.append(try indices[i]!.convert()) }
                return .sequence(elements)
            }
            var items: [SopsItem] = []
            for name in keys.keys.sorted() { items.append(.entry(name, try keys[name]!.convert())) }
            return .mapping(items)
        }
    }

    /// sops' `ValueToString` for flat stores.
    static func stringValue(_ value: SopsValue) -> String {
        switch value {
        case .string(let bytes): String(decoding: bytes, as: UTF8.self)
        case .int(let n): String(n)
        case .float(let f): GoFloat.formatValueString(f)
        case .bool(let b): b ? "true" : "false"
        case .time(let t): t.rfc3339Seconds
        case .null: "<nil>"
        case .comment(let c): c.text
        case .mapping, .sequence: ""
        }
    }
}
