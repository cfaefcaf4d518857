import LosslessYAML

/// sops trees as LosslessYAML output nodes, with comment items turned into go-yaml head, line and
/// foot comments the way sops' YAML store does (spec/sops-format.md §2.3 "Emission"): pending
/// comments become the head comment of the next key or item (inline ones its line comment), and
/// leftovers the foot comment of the last one (or the head comment of an empty collection).
enum YAMLOutput {
    static func documents(_ branches: [SopsBranch]) -> [YAMLOutputNode] {
        branches.map { mapping($0) }
    }

    static func mapping(_ items: [SopsItem]) -> YAMLOutputNode {
        var pairs: [YAMLOutputPair] = []
        var pending: [SopsComment] = []
        for item in items {
            switch item {
            case .comment(let comment):
                pending.append(comment)
            case .entry(let key, let value):
                var valueNode = node(value)
                valueNode.lineComment += pending.filter(\.inline).map(\.text)
                let keyNode = YAMLOutputNode(.string(key), headComment: pending.filter { !$0.inline }.map(\.text))
                pending = []
                pairs.append(YAMLOutputPair(key: keyNode, value: valueNode))
            }
        }
        let leftover = pending.map(\.text)
        guard !pairs.isEmpty else { return YAMLOutputNode(.value(.mapping([])), headComment: leftover) }
        pairs[pairs.count - 1].key.footComment += leftover
        return YAMLOutputNode(.entries(pairs))
    }

    static func sequence(_ elements: [SopsValue]) -> YAMLOutputNode {
        var items: [YAMLOutputNode] = []
        var pending: [SopsComment] = []
        for element in elements {
            if case .comment(let comment) = element {
                pending.append(comment)
                continue
            }
            var item = node(element)
            item.headComment = pending.filter { !$0.inline }.map(\.text) + item.headComment
            item.lineComment += pending.filter(\.inline).map(\.text)
            pending = []
            items.append(item)
        }
        let leftover = pending.map(\.text)
        guard !items.isEmpty else { return YAMLOutputNode(.value(.sequence([])), headComment: leftover) }
        items[items.count - 1].footComment += leftover
        return YAMLOutputNode(.items(items))
    }

    static func node(_ value: SopsValue) -> YAMLOutputNode {
        switch value {
        case .mapping(let items): mapping(items)
        case .sequence(let elements): sequence(elements)
        default: YAMLOutputNode(scalar(value))
        }
    }

    /// A leaf as yaml.v3 would hold the Go value.
    static func scalar(_ value: SopsValue) -> YAMLValue {
        switch value {
        case .string(let bytes): String(validating: bytes, as: UTF8.self).map(YAMLValue.string) ?? .bytes(bytes)
        case .int(let n): .int(n)
        case .float(let f): .float(f)
        case .bool(let b): .bool(b)
        case .time(let t): .timestamp(t)
        case .null: .null
        case .comment(let c): .string(c.text)
        case .mapping, .sequence: .null
        }
    }
}
