/// Gives every comment a document and an owning collection, the way go-yaml v3 + sops group
/// comments (spec/sops-format.md §2.3), and lists it among the owner's children in source order.
///
/// * Inside a flow collection: the innermost flow collection around it.
/// * Trailing (content before it on its line): the collection holding the last node that ends
///   before it on that line; if none (`- # c`), the innermost collection around it.
/// * Own line: among the collections still open before it (ancestors of the last node before it)
///   and the block collection holding the next content, the deepest whose indentation is at most
///   the comment's column; ties go to the open one. Otherwise the document root.
struct CommentAttachment {
    let text: SourceText
    let bytes: [UInt8]
    let nodes: [NodeRecord]
    let documents: [DocumentRecord]
    var depth: [Int32] = []
    /// Node indices sorted by (full end, depth): the last one ending before an offset is the deepest.
    var byEnd: [Int32] = []
    /// Node indices sorted by (full start, -depth): the first one starting after an offset is the deepest.
    var byStart: [Int32] = []

    static func attach(to table: inout SyntaxTable, text: SourceText, bytes: [UInt8]) {
        guard !table.comments.isEmpty, !table.documents.isEmpty else { return }
        var attachment = CommentAttachment(text: text, bytes: bytes, nodes: table.nodes, documents: table.documents)
        attachment.index()
        var owned: [Int32: [Int32]] = [:]
        for c in table.comments.indices {
            let comment = table.comments[c]
            let document = attachment.document(of: comment)
            table.comments[c].document = Int32(document)
            table.documents[document].start = min(table.documents[document].start, comment.start)
            table.documents[document].end = max(table.documents[document].end, comment.end)
            let root = table.documents[document].root
            guard table.nodes[Int(root)].kind == .mapping || table.nodes[Int(root)].kind == .sequence else {
                table.documents[document].comments.append(YAMLCommentID(index: c))
                continue
            }
            let owner = attachment.owner(of: comment, document: document)
            table.comments[c].owner = owner
            owned[owner, default: []].append(Int32(c))
        }
        for (owner, comments) in owned {
            table.nodes[Int(owner)].children = attachment.merge(
                table.nodes[Int(owner)].children, comments.map { ($0, table.comments[Int($0)].start) })
        }
    }

    // MARK: - Indexing

    mutating func index() {
        depth = [Int32](repeating: 0, count: nodes.count)
        for i in nodes.indices where nodes[i].parent >= 0 {
            depth[i] = depth[Int(nodes[i].parent)] + 1
        }
        let all = (0..<Int32(nodes.count)).map { $0 }
        byEnd = all.sorted { a, b in
            let ea = fullEnd(a), eb = fullEnd(b)
            return ea != eb ? ea < eb : depth[Int(a)] < depth[Int(b)]
        }
        byStart = all.sorted { a, b in
            let sa = fullStart(a), sb = fullStart(b)
            return sa != sb ? sa < sb : depth[Int(a)] > depth[Int(b)]
        }
    }

    func fullStart(_ id: Int32) -> Int {
        let node = nodes[Int(id)]
        return min(node.start, node.anchor?.lowerBound ?? Int.max, node.tagRange?.lowerBound ?? Int.max)
    }

    func fullEnd(_ id: Int32) -> Int {
        let node = nodes[Int(id)]
        return max(node.end, node.anchor?.upperBound ?? 0, node.tagRange?.upperBound ?? 0)
    }

    /// The last document that claims the comment: from the previous `...` (or the document's
    /// first token when the previous document has no `...`).
    func document(of comment: CommentRecord) -> Int {
        var chosen = 0
        for d in documents.indices.dropFirst() {
            let claimStart = documents[d - 1].endMarker?.upperBound ?? documents[d].start
            if claimStart <= comment.start { chosen = d } else { break }
        }
        return chosen
    }

    /// Node index range of a document (its root is its first node).
    func nodeRange(of document: Int) -> Range<Int32> {
        let first = documents[document].root
        let next = document + 1 < documents.count ? documents[document + 1].root : Int32(nodes.count)
        return first..<next
    }

    // MARK: - Owner

    func owner(of comment: CommentRecord, document: Int) -> Int32 {
        let inDocument = nodeRange(of: document)
        let root = documents[document].root
        let position = comment.start

        // The innermost collection whose range surrounds the comment.
        var container: Int32 = -1
        if let started = lastIndex(in: byStart, where: { fullStart($0) < position }, within: inDocument) {
            var n = started
            while n >= 0 {
                let node = nodes[Int(n)]
                if node.kind == .mapping || node.kind == .sequence, node.start < position, position < node.end {
                    container = n
                    break
                }
                n = node.parent
            }
        }
        if container >= 0, nodes[Int(container)].collectionStyle == .flow { return container }

        let previous = lastIndex(in: byEnd, where: { fullEnd($0) <= position }, within: inDocument)
        if comment.trailing {
            if let previous, text.lineIndex(of: fullEnd(previous)) == text.lineIndex(of: position) {
                let parent = nodes[Int(previous)].parent
                if parent >= 0 { return parent }
                if isCollection(previous) { return previous }
            }
            if container >= 0 { return container }
        }

        let column = text.location(of: position, in: bytes).column - 1
        var best: Int32 = -1
        var bestDepth: Int32 = -1
        if let previous {
            var n = nodes[Int(previous)].parent
            while n >= 0 {
                if nodes[Int(n)].collectionStyle == .block, indent(of: n) <= column, depth[Int(n)] > bestDepth {
                    best = n
                    bestDepth = depth[Int(n)]
                }
                n = nodes[Int(n)].parent
            }
        }
        if let following = firstIndex(in: byStart, where: { fullStart($0) >= comment.end }, within: inDocument) {
            var n = isCollection(following) && nodes[Int(following)].collectionStyle == .block
                ? following : nodes[Int(following)].parent
            while n >= 0 {
                if nodes[Int(n)].collectionStyle == .block, indent(of: n) <= column, depth[Int(n)] > bestDepth {
                    best = n
                    bestDepth = depth[Int(n)]
                }
                n = nodes[Int(n)].parent
            }
        }
        return best >= 0 ? best : root
    }

    func isCollection(_ id: Int32) -> Bool {
        let kind = nodes[Int(id)].kind
        return kind == .mapping || kind == .sequence
    }

    func indent(of id: Int32) -> Int {
        text.location(of: nodes[Int(id)].start, in: bytes).column - 1
    }

    /// The last element of a sorted index satisfying a prefix predicate, limited to one document.
    func lastIndex(in sorted: [Int32], where isBefore: (Int32) -> Bool, within range: Range<Int32>) -> Int32? {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if isBefore(sorted[mid]) { low = mid + 1 } else { high = mid }
        }
        var i = low - 1
        while i >= 0 {
            if range.contains(sorted[i]) { return sorted[i] }
            i -= 1
        }
        return nil
    }

    /// The first element of a sorted index satisfying a suffix predicate, limited to one document.
    func firstIndex(in sorted: [Int32], where isAfter: (Int32) -> Bool, within range: Range<Int32>) -> Int32? {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if isAfter(sorted[mid]) { high = mid } else { low = mid + 1 }
        }
        var i = low
        while i < sorted.count {
            if range.contains(sorted[i]) { return sorted[i] }
            i += 1
        }
        return nil
    }

    // MARK: - Children

    /// Inserts comments among a collection's children by source position.
    func merge(_ children: [YAMLChild], _ comments: [(Int32, Int)]) -> [YAMLChild] {
        var result: [YAMLChild] = []
        result.reserveCapacity(children.count + comments.count)
        var j = 0
        for child in children {
            let start: Int
            switch child {
            case .entry(let entry): start = fullStart(Int32(entry.key.index))
            case .item(let item): start = fullStart(Int32(item.index))
            case .comment: start = Int.max
            }
            while j < comments.count, comments[j].1 < start {
                result.append(.comment(YAMLCommentID(index: Int(comments[j].0))))
                j += 1
            }
            result.append(child)
        }
        while j < comments.count {
            result.append(.comment(YAMLCommentID(index: Int(comments[j].0))))
            j += 1
        }
        return result
    }
}
