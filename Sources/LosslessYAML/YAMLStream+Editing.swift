/// In-place edits and printing.
extension YAMLStream {
    /// The stream as bytes: the source with every edit applied (the source itself when unedited).
    public func printed() -> [UInt8] {
        guard !edits.isEmpty else { return source }
        var out: [UInt8] = []
        out.reserveCapacity(source.count)
        var cursor = 0
        for edit in edits.values.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            out.append(contentsOf: source[cursor..<edit.range.lowerBound])
            out.append(contentsOf: edit.replacement)
            cursor = edit.range.upperBound
        }
        out.append(contentsOf: source[cursor...])
        return out
    }

    /// The printed stream as a string.
    public func printedString() -> String { String(decoding: printed(), as: UTF8.self) }

    /// Replaces the source text of a scalar or alias node (its `range`; properties stay). The
    /// caller supplies text that is valid YAML at that position (e.g. a quoted or block scalar);
    /// every other byte is kept. Parse `printed()` again to read the result as a tree.
    public mutating func replaceSource(of id: YAMLNodeID, with replacement: [UInt8]) throws(YAMLError) {
        let record = table.nodes[id.index]
        guard record.kind == .scalar || record.kind == .alias else {
            throw error(at: record.start, "only scalar and alias text can be replaced in place")
        }
        edits[record.start] = Edit(range: record.start..<record.end, replacement: replacement)
    }

    /// Replaces the source text of a scalar or alias node with a string.
    public mutating func replaceSource(of id: YAMLNodeID, with replacement: String) throws(YAMLError) {
        try replaceSource(of: id, with: Array(replacement.utf8))
    }

    /// Replaces a comment's text after `#` (it must stay on one line).
    public mutating func replaceText(of id: YAMLCommentID, with text: String) throws(YAMLError) {
        let record = table.comments[id.index]
        if text.utf8.contains(where: { ByteClass.isBreak($0) }) {
            throw error(at: record.start, "a comment cannot contain a line break")
        }
        edits[record.start] = Edit(range: record.start..<record.end, replacement: [UInt8(ascii: "#")] + Array(text.utf8))
    }

    /// True when some node or comment has been replaced.
    public var isEdited: Bool { !edits.isEmpty }
}
