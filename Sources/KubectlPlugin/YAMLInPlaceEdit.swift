import LosslessYAML

/// Writes edited manifests back into the user's YAML text instead of re-rendering it, so comments,
/// quoting, block scalars and layout survive an edit: changed scalars are replaced in place
/// (`YAMLStream.replaceSource`), new mapping keys are appended after the mapping's last entry in
/// its indentation and quoting. Anything else (a removed key, a changed sequence, a new document)
/// cannot be expressed this way and yields nil; so does a result that does not read back as
/// `documents`.
package struct YAMLInPlaceEdit {
    private var stream: YAMLStream
    /// Text inserted at byte offsets of the original source (new mapping entries).
    private var insertions: [(offset: Int, text: String)] = []
    /// Length change of every replaced range, to move insertion offsets into the printed text.
    private var replaced: [(end: Int, delta: Int)] = []

    /// `source` rewritten so that its non-empty documents read as `documents`, or nil.
    package static func apply(_ source: [UInt8], to documents: [ManifestValue]) -> [UInt8]? {
        guard let stream = try? YAMLStream.parse(source), let values = try? stream.values() else { return nil }
        let roots = zip(stream.documents, values).filter { $0.1 != .null }.map { ($0.0.root, ManifestValue($0.1)) }
        guard roots.count == documents.count else { return nil }
        var edit = YAMLInPlaceEdit(stream: stream)
        for ((root, old), new) in zip(roots, documents) {
            guard edit.patch(root, old, new, inFlow: false) else { return nil }
        }
        let result = edit.printed()
        guard let reread = try? ManifestValue.parseYAML(result), reread.filter({ $0 != .null }) == documents else { return nil }
        return result
    }

    private func printed() -> [UInt8] {
        var bytes = stream.printed()
        for insertion in insertions.sorted(by: { $0.offset > $1.offset }) {
            let shift = replaced.filter { $0.end <= insertion.offset }.reduce(0) { $0 + $1.delta }
            bytes.insert(contentsOf: Array(insertion.text.utf8), at: insertion.offset + shift)
        }
        return bytes
    }

    private mutating func patch(_ id: YAMLNodeID, _ old: ManifestValue, _ new: ManifestValue, inFlow: Bool) -> Bool {
        if old == new { return true }
        let node = stream.node(id)
        switch (old, new) {
        case (.object(let before), .object(let after)):
            guard node.kind == .mapping else { return false }
            let flow = inFlow || node.collectionStyle == .flow
            let entries = node.children.compactMap { child -> YAMLMappingEntry? in
                if case .entry(let entry) = child { return entry }
                return nil
            }
            let keys = entries.map { stream.scalarValue(of: $0.key) }
            guard Set(keys).count == keys.count, keys.count == before.count,
                  before.allSatisfy({ field in after.contains { $0.key == field.key } }) else { return false }
            var added: [ManifestValue.Field] = []
            for field in after {
                if let index = keys.firstIndex(of: field.key) {
                    guard patch(entries[index].value, before[index].value, field.value, inFlow: flow) else { return false }
                } else {
                    added.append(field)
                }
            }
            return added.isEmpty || append(added, after: entries, flow: flow)
        case (.object, _), (_, .object), (.array, _), (_, .array):
            return false
        default:
            guard node.kind == .scalar, let text = Self.scalar(new, like: node, inFlow: inFlow) else { return false }
            let before = stream.sourceText(of: id).utf8.count
            guard (try? stream.replaceSource(of: id, with: text)) != nil else { return false }
            replaced.append((node.range.upperBound, text.utf8.count - before))
            return true
        }
    }

    /// New entries after the last one of a block mapping, at its indentation, quoted like its last value.
    private mutating func append(_ fields: [ManifestValue.Field], after entries: [YAMLMappingEntry], flow: Bool) -> Bool {
        guard !flow, let first = entries.first, let last = entries.last else { return false }
        let lastValue = stream.node(last.value)
        guard lastValue.kind == .scalar, lastValue.blockHeader?.chomping != .keep else { return false }
        let column = stream.node(first.key).location.column - 1
        let pad = String(repeating: " ", count: column)
        var offset = lastValue.range.upperBound
        let source = stream.source
        while offset < source.count, source[offset] != UInt8(ascii: "\n") { offset += 1 }
        var text = offset < source.count ? "" : "\n"
        for field in fields {
            let key = ManifestValue.plainSafe(field.key) ? field.key : ManifestValue.quoted(field.key)
            guard let value = Self.scalar(field.value, like: lastValue, inFlow: false, indent: column + 2) else { return false }
            text += pad + key + ": " + value + "\n"
        }
        insertions.append((offset < source.count ? offset + 1 : offset, text))
        return true
    }

    /// `value` as scalar source text in the style of `node` (block scalars keep their indentation).
    private static func scalar(_ value: ManifestValue, like node: YAMLNode, inFlow: Bool, indent: Int? = nil) -> String? {
        guard case .string(let text) = value else {
            switch value {
            case .null: return "null"
            case .bool(let flag): return flag ? "true" : "false"
            case .number(let text): return text
            default: return nil
            }
        }
        switch node.scalarStyle {
        case .literal, .folded:
            if let block = literal(text, indent: indent ?? node.blockHeader?.contentIndent ?? 2) { return block }
        case .singleQuoted:
            if !text.contains("\n"), text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) {
                return "'" + text.replacing("'", with: "''") + "'"
            }
        case .plain:
            if !inFlow && ManifestValue.plainSafe(text) && !text.contains("\n") { return text }
        case .doubleQuoted:
            break
        }
        return ManifestValue.quoted(text)
    }

    /// A literal block (`|` or `|-`) with content at `indent`, nil when one cannot hold `text` exactly.
    private static func literal(_ text: String, indent: Int) -> String? {
        var body = Substring(text)
        let chomp: String
        if body.hasSuffix("\n") { body = body.dropLast(); chomp = "|" } else { chomp = "|-" }
        guard !body.isEmpty, !body.hasSuffix("\n"), !body.hasPrefix(" "), !body.hasPrefix("\n"),
              body.unicodeScalars.allSatisfy({ $0 == "\n" || ($0.value >= 0x20 && $0.value != 0x7f) }) else { return nil }
        let pad = String(repeating: " ", count: indent)
        return chomp + body.split(separator: "\n", omittingEmptySubsequences: false).map { "\n" + ($0.isEmpty ? "" : pad + $0) }.joined()
    }
}
