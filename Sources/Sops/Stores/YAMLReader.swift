import LosslessYAML

/// Builds the sops tree from a LosslessYAML stream as sops' YAML store does (spec/sops-format.md
/// §2): one branch per document, yaml.v3 typing, aliases expanded, comments as items where go-yaml
/// attaches them. Records every scalar's byte range for the layout template.
struct YAMLReader {
    private let stream: YAMLStream
    private let recordSpans: Bool
    private(set) var spans: [LeafSpan] = []
    private(set) var leafCount = 0
    private var expanded = 0
    private var policy: YAMLTagMismatchPolicy = .fail

    /// Alias expansion bound (a "billion laughs" document fails instead of exhausting memory).
    static let maxExpandedNodes = 2_000_000

    init(_ stream: YAMLStream, recordSpans: Bool) {
        self.stream = stream
        self.recordSpans = recordSpans
    }

    static func parse(_ bytes: [UInt8]) throws(SopsError) -> YAMLStream {
        do {
            return try YAMLStream.parse(bytes)
        } catch {
            throw SopsError(.syntax, "Error unmarshalling input yaml: \(error.description)")
        }
    }

    mutating func branches() throws(SopsError) -> [SopsBranch] {
        var out: [SopsBranch] = []
        for (index, document) in stream.documents.enumerated() {
            policy = index == 0 ? .fail : .null
            let root = stream.node(document.root)
            switch root.kind {
            case .mapping:
                if index == 0 { try checkUniqueKeys(root) }
                out.append(try mapping(root, path: [], inAlias: false))
            case .scalar where try typed(root.id) == .null:
                out.append(document.comments.map { .comment(SopsComment(stream.comment($0).text)) })
            case .sequence:
                throw error(at: root, index == 0 ? "cannot unmarshal !!seq into map[string]interface {}"
                                                 : "YAML documents that are sequences are not supported")
            default:
                throw error(at: root, index == 0 ? "cannot unmarshal a scalar into map[string]interface {}"
                                                 : "YAML documents that are values are not supported")
            }
        }
        return out
    }

    // MARK: Collections

    private mutating func mapping(_ node: YAMLNode, path: [String], inAlias: Bool) throws(SopsError) -> SopsBranch {
        var items: SopsBranch = []
        var lastEntry: (index: Int, line: Int, scalar: Bool)?
        for child in node.children {
            switch child {
            case .comment(let id):
                let comment = stream.comment(id)
                if comment.isTrailing, let last = lastEntry, last.line == comment.location.line {
                    // go-yaml: a value's line comment (or a key's, before a nested block) goes before the key.
                    items.insert(.comment(SopsComment(comment.text, inline: last.scalar)), at: last.index)
                    lastEntry = nil
                } else {
                    items.append(.comment(SopsComment(comment.text)))
                }
            case .entry(let entry):
                let key = try keyString(entry.key)
                let value = stream.node(entry.value)
                lastEntry = (items.count, stream.node(entry.key).location.line, value.kind == .scalar || value.kind == .alias)
                items.append(.entry(key, try self.value(value, path: path + [key], inAlias: inAlias)))
            case .item:
                break
            }
        }
        return items
    }

    private mutating func sequence(_ node: YAMLNode, path: [String], inAlias: Bool) throws(SopsError) -> [SopsValue] {
        var elements: [SopsValue] = []
        var lastItem: (index: Int, line: Int)?
        for child in node.children {
            switch child {
            case .comment(let id):
                let comment = stream.comment(id)
                if comment.isTrailing, let last = lastItem, last.line == comment.location.line {
                    elements.insert(.comment(SopsComment(comment.text, inline: true)), at: last.index)
                    lastItem = nil
                } else {
                    elements.append(.comment(SopsComment(comment.text)))
                }
            case .item(let id):
                let item = stream.node(id)
                lastItem = (elements.count, item.location.line)
                elements.append(try value(item, path: path, inAlias: inAlias))
            case .entry:
                break
            }
        }
        return elements
    }

    private mutating func value(_ node: YAMLNode, path: [String], inAlias: Bool) throws(SopsError) -> SopsValue {
        expanded += 1
        guard expanded <= Self.maxExpandedNodes else { throw error(at: node, "aliases expand to too many nodes") }
        switch node.kind {
        case .mapping: return .mapping(try mapping(node, path: path, inAlias: inAlias))
        case .sequence: return .sequence(try sequence(node, path: path, inAlias: inAlias))
        case .alias:
            guard let target = node.aliasTarget else { throw error(at: node, "unknown anchor") }
            return try value(stream.node(target), path: path, inAlias: true)
        case .scalar:
            let value = try sopsValue(try typed(node.id), at: node)
            if recordSpans, !inAlias {
                spans.append(LeafSpan(range: node.range, ordinal: leafCount, path: path, value: value,
                                      styles: YAMLLeafRenderer.styles(for: node, value: value)))
            }
            leafCount += 1
            return value
        }
    }

    // MARK: Scalars and keys

    private func typed(_ id: YAMLNodeID) throws(SopsError) -> YAMLValue {
        do {
            return try stream.value(of: id, onTagMismatch: policy)
        } catch {
            throw SopsError(.syntax, "Error unmarshalling input yaml: \(error.description)")
        }
    }

    private func sopsValue(_ value: YAMLValue, at node: YAMLNode) throws(SopsError) -> SopsValue {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let n): return .int(n)
        case .uint64: throw error(at: node, "Cannot walk value, unknown type: uint64")
        case .float(let f): return .float(f)
        case .timestamp(let t):
            return .time(t)
        case .string(let s): return .string(Array(s.utf8))
        case .bytes(let b): return .string(b)
        case .sequence, .mapping: throw error(at: node, "unexpected collection value")
        }
    }

    private func keyString(_ id: YAMLNodeID) throws(SopsError) -> String {
        let node = stream.node(id)
        guard node.kind == .scalar || node.kind == .alias else {
            throw error(at: node, "cannot unmarshal a collection into a mapping key (complex keys are not supported)")
        }
        let value = try typed(id)
        guard case .string(let key) = value else {
            let type = switch value {
            case .int, .uint64: "int"
            case .bool: "bool"
            case .float: "float64"
            case .null: "<nil>"
            case .timestamp: "time.Time"
            default: "collection"
            }
            throw error(at: node, "Tree contains a non-string key (type \(type)). Only string keys are supported")
        }
        return key
    }

    /// sops decodes the first document into a Go map first: duplicate keys there are an error.
    private func checkUniqueKeys(_ node: YAMLNode) throws(SopsError) {
        var seen: Set<String> = []
        for child in node.children {
            guard case .entry(let entry) = child else { continue }
            let key = stream.scalarValue(of: entry.key)
            if stream.kind(of: entry.key) == .scalar, !seen.insert(key).inserted {
                throw error(at: stream.node(entry.key), "mapping key \"\(key)\" already defined")
            }
            let value = stream.node(entry.value)
            if value.kind == .mapping { try checkUniqueKeys(value) }
        }
    }

    private func error(at node: YAMLNode, _ message: String) -> SopsError {
        SopsError(.syntax, "Error unmarshalling input yaml: line \(node.location.line), column \(node.location.column): \(message)")
    }
}
