@testable import LosslessYAML

/// Compares a document's tree with the suite's JSON.
///
/// The suite's JSON follows the YAML 1.2 core schema; the value view follows yaml.v3 (sops'
/// typing). The rule: a JSON string matches a scalar whose decoded text is that string, whatever
/// type yaml.v3 gives it (timestamps, `0777`, `1_000`, `!!binary`); a JSON number matches an
/// int/float of equal value; booleans and null must have the same type; keys compare like values;
/// aliases compare as their target; duplicates must agree, member order need not (JSON object
/// order carries no meaning; the event comparison checks order).
enum DataComparison {
    static func matches(_ id: YAMLNodeID, _ json: JSONValue, in stream: YAMLStream) -> Bool {
        let node = stream.node(id)
        switch node.kind {
        case .alias:
            return matches(node.aliasTarget!, json, in: stream)
        case .sequence:
            guard case .array(let items) = json else { return false }
            let children = node.children.compactMap { child -> YAMLNodeID? in
                if case .item(let item) = child { return item }
                return nil
            }
            return children.count == items.count && zip(children, items).allSatisfy { matches($0, $1, in: stream) }
        case .mapping:
            guard case .object(let members) = json else { return false }
            let entries = node.children.compactMap { child -> YAMLMappingEntry? in
                if case .entry(let entry) = child { return entry }
                return nil
            }
            guard entries.count == members.count else { return false }
            // JSON member order is not significant (RR7F's in.json is reordered); order is
            // checked by the event comparison.
            var unused = Array(entries.indices)
            for (key, value) in members {
                guard let found = unused.firstIndex(where: {
                    matches(entries[$0].key, .string(key), in: stream) && matches(entries[$0].value, value, in: stream)
                }) else { return false }
                unused.remove(at: found)
            }
            return true
        case .scalar:
            guard let value = try? stream.value(of: id) else { return false }
            let text = stream.scalarValue(of: id)
            switch json {
            case .string(let s):
                if case .string(let v) = value { return v == s }
                return text == s
            case .number(let n):
                switch value {
                case .int(let i): return Double(i) == n
                case .uint64(let u): return Double(u) == n
                case .float(let f): return f == n
                default: return false
                }
            case .bool(let b):
                return value == .bool(b)
            case .null:
                return value == .null
            default:
                return false
            }
        }
    }
}
