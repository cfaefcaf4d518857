/// Self-checks of the syntax tree, used by the conformance tests: the tree must account for every
/// byte of the source and keep its parts in order.
extension YAMLStream {
    /// Descriptions of structural problems; empty when the tree is sound.
    func structuralProblems() -> [String] {
        var problems: [String] = []
        var covered = [Bool](repeating: false, count: source.count)
        func cover(_ range: Range<Int>?) {
            guard let range else { return }
            for i in range where i < covered.count { covered[i] = true }
        }
        for (index, node) in table.nodes.enumerated() {
            if node.kind == .scalar || node.kind == .alias { cover(node.start..<node.end) }
            cover(node.anchor)
            cover(node.tagRange)
            var previousStart = -1
            for child in table.children(of: index) {
                let childStart: Int
                let childEnd: Int
                switch child {
                case .entry(let entry):
                    childStart = fullRange(entry.key).lowerBound
                    childEnd = max(fullRange(entry.key).upperBound, fullRange(entry.value).upperBound)
                    if fullRange(entry.value).lowerBound < fullRange(entry.key).lowerBound {
                        problems.append("node \(index): value before key")
                    }
                case .item(let item):
                    childStart = fullRange(item).lowerBound
                    childEnd = fullRange(item).upperBound
                case .comment(let comment):
                    let record = table.comments[comment.index]
                    childStart = record.start
                    childEnd = record.end
                    if record.owner != Int32(index) { problems.append("comment \(comment.index) listed under a non-owner") }
                }
                if childStart < previousStart { problems.append("node \(index): children out of order") }
                let isComment = if case .comment = child { true } else { false }
                if !isComment, childStart < node.start || childEnd > node.end {
                    problems.append("node \(index): child outside its collection")
                }
                previousStart = childStart
            }
        }
        for (index, comment) in table.comments.enumerated() {
            cover(comment.start..<comment.end)
            if comment.owner >= 0 {
                let listed = table.children(of: Int(comment.owner)).filter { $0 == .comment(YAMLCommentID(index: index)) }
                if listed.count != 1 { problems.append("comment \(index) listed \(listed.count) times") }
            }
        }
        for document in table.documents {
            for directive in document.directives { cover(directive) }
            cover(document.startMarker)
            cover(document.endMarker)
        }
        for marker in table.extraDocumentEndMarkers { cover(marker) }
        let punctuation = Set("-?:,[]{} \t\r\n".utf8)
        for i in source.indices where !covered[i] {
            if i < 3, source.count >= 3, source[0] == 0xEF, source[1] == 0xBB, source[2] == 0xBF { continue }
            if !punctuation.contains(source[i]) {
                problems.append("byte \(i) is not recorded in the tree")
                break
            }
        }
        return problems
    }

    private func fullRange(_ id: YAMLNodeID) -> Range<Int> {
        let node = table.nodes[id.index]
        return node.fullStart..<node.fullEnd
    }
}
