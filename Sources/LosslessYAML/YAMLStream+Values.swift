/// What to do with a tagged scalar yaml.v3 cannot decode (`!!bool yes`, `!!int 1.5`).
public enum YAMLTagMismatchPolicy: Sendable {
    /// Throw (yaml.v3's error; sops' behaviour in the first document).
    case fail
    /// Use null (sops' behaviour in later documents, where it ignores the decode error).
    case null
}

/// The typed value view.
extension YAMLStream {
    /// The value of every document, in order (an empty document is `.null`).
    public func values(onTagMismatch policy: YAMLTagMismatchPolicy = .fail,
                       limits: YAMLLimits = .standard) throws(YAMLError) -> [YAMLValue] {
        var builder = ValueBuilder(stream: self, policy: policy, limits: limits)
        var result: [YAMLValue] = []
        for document in table.documents {
            result.append(try builder.value(Int(document.root), depth: 0))
        }
        return result
    }

    /// The value of one node (aliases expanded).
    public func value(of id: YAMLNodeID, onTagMismatch policy: YAMLTagMismatchPolicy = .fail,
                      limits: YAMLLimits = .standard) throws(YAMLError) -> YAMLValue {
        var builder = ValueBuilder(stream: self, policy: policy, limits: limits)
        return try builder.value(id.index, depth: 0)
    }
}

/// Builds `YAMLValue`s from the tree, expanding aliases within bounds.
struct ValueBuilder {
    let stream: YAMLStream
    let policy: YAMLTagMismatchPolicy
    let limits: YAMLLimits
    var produced = 0

    /// Alias expansion may produce at most this many nodes: proportional to the input, so a
    /// small hostile document cannot expand into gigabytes (yaml.v3 has a similar ratio rule).
    var expansionLimit: Int { min(limits.maxExpandedNodes, max(100_000, stream.table.nodes.count * 10)) }

    mutating func value(_ index: Int, depth: Int) throws(YAMLError) -> YAMLValue {
        produced += 1
        if produced > expansionLimit {
            throw stream.error(at: stream.table.nodes[index].start, "aliases expand to too many nodes")
        }
        if depth > limits.maxDepth * 2 {
            throw stream.error(at: stream.table.nodes[index].start, "nesting deeper than \(limits.maxDepth * 2) levels")
        }
        let node = stream.table.nodes[index]
        switch node.kind {
        case .alias:
            return try value(Int(node.aliasTarget), depth: depth + 1)
        case .scalar:
            let scalar = stream.table.scalars[Int(node.scalar)]
            do {
                return try ScalarResolver.resolve(scalar.value, style: node.scalarStyle, tag: stream.table.tag(of: index))
            } catch {
                if policy == .null { return .null }
                throw stream.error(at: node.tagRange?.lowerBound ?? node.start, error.message)
            }
        case .sequence:
            var items: [YAMLValue] = []
            let children = stream.table.children(of: index)
            items.reserveCapacity(children.count)
            for child in children {
                if case .item(let item) = child { items.append(try value(item.index, depth: depth + 1)) }
            }
            return .sequence(items)
        case .mapping:
            var pairs: [YAMLPair] = []
            let children = stream.table.children(of: index)
            pairs.reserveCapacity(children.count)
            for child in children {
                if case .entry(let entry) = child {
                    pairs.append(YAMLPair(try value(entry.key.index, depth: depth + 1),
                                          try value(entry.value.index, depth: depth + 1)))
                }
            }
            return .mapping(pairs)
        }
    }
}
