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
    var fullStart: [Int] = []
    var fullEnd: [Int] = []
    /// Node indices by start offset. Nodes are created in source order, so this is the identity
    /// unless a construct breaks that (then it is sorted).
    var byStart: [Int32] = []

    static func attach(to table: inout SyntaxTable, text: SourceText, bytes: [UInt8]) {
        guard !table.comments.isEmpty, !table.documents.isEmpty else { return }
        var attachment = CommentAttachment(text: text, bytes: bytes, nodes: table.nodes, documents: table.documents)
        attachment.index()
        var owned: [Int32: [Int32]] = [:]
        var document = 0
        for c in table.comments.indices {
            let comment = table.comments[c]
            document = attachment.document(of: comment, from: document)
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
            let list = Int(table.nodes[Int(owner)].children)
            table.childLists[list] = attachment.merge(
                table.childLists[list], comments.map { ($0, table.comments[Int($0)].start) })
        }
    }

    // MARK: - Indexing

    mutating func index() {
        let count = nodes.count
        depth = [Int32](repeating: 0, count: count)
        fullStart = nodes.map(\.fullStart)
        fullEnd = nodes.map(\.fullEnd)
        var inOrder = true
        for i in 0..<count {
            if nodes[i].parent >= 0 { depth[i] = depth[Int(nodes[i].parent)] + 1 }
            if i > 0, fullStart[i] < fullStart[i - 1] { inOrder = false }
        }
        byStart = (0..<Int32(count)).map { $0 }
        if !inOrder {
            byStart.sort { fullStart[Int($0)] != fullStart[Int($1)] ? fullStart[Int($0)] < fullStart[Int($1)] : $0 < $1 }
        }
    }

    /// The last document that claims the comment: from the previous `...` (or the document's
    /// first token when the previous document has no `...`). Comments come in source order, so
    /// the search continues from the previous comment's document.
    func document(of comment: CommentRecord, from current: Int) -> Int {
        var chosen = current
        while chosen + 1 < documents.count {
            let claimStart = documents[chosen].endMarker?.upperBound ?? documents[chosen + 1].start
            guard claimStart <= comment.start else { break }
            chosen += 1
        }
        return chosen
    }

    /// Node index range of a document (its root is its first node).
    func nodeRange(of document: Int) -> Range<Int32> {
        let first = documents[document].root
        let next = document + 1 < documents.count ? documents[document + 1].root : Int32(nodes.count)
        return first..<next
    }

    /// Position in `byStart` of the first node starting at or after `offset`.
    func firstPosition(startingAtOrAfter offset: Int) -> Int {
        var low = 0, high = byStart.count
        while low < high {
            let mid = (low + high) / 2
            if fullStart[Int(byStart[mid])] < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The deepest node among those ending last at or before `position`.
    func previous(_ position: Int, within range: Range<Int32>) -> Int32? {
        var i = firstPosition(startingAtOrAfter: position) - 1
        // Nodes after the last one ending before the position all surround it (at most depth).
        while i >= 0, fullEnd[Int(byStart[i])] > position { i -= 1 }
        guard i >= 0, range.contains(byStart[i]) else { return nil }
        var best = byStart[i]
        var n = nodes[Int(best)].parent
        while n >= 0, fullEnd[Int(n)] <= position {
            if fullEnd[Int(n)] > fullEnd[Int(best)] { best = n }
            n = nodes[Int(n)].parent
        }
        return best
    }

    /// The deepest node among those starting first at or after `offset`.
    func following(_ offset: Int, within range: Range<Int32>) -> Int32? {
        var i = firstPosition(startingAtOrAfter: offset)
        guard i < byStart.count, range.contains(byStart[i]) else { return nil }
        var best = byStart[i]
        while i + 1 < byStart.count, fullStart[Int(byStart[i + 1])] == fullStart[Int(best)] {
            i += 1
            if depth[Int(byStart[i])] > depth[Int(best)] { best = byStart[i] }
        }
        return best
    }

    /// The innermost collection whose range surrounds `position`.
    func container(_ position: Int, within range: Range<Int32>) -> Int32 {
        let i = firstPosition(startingAtOrAfter: position) - 1
        guard i >= 0, range.contains(byStart[i]) else { return -1 }
        var n = byStart[i]
        while n >= 0 {
            let node = nodes[Int(n)]
            if node.kind == .mapping || node.kind == .sequence, node.start < position, position < node.end { return n }
            n = node.parent
        }
        return -1
    }

    // MARK: - Owner

    func owner(of comment: CommentRecord, document: Int) -> Int32 {
        let inDocument = nodeRange(of: document)
        let root = documents[document].root
        let position = comment.start

        let container = container(position, within: inDocument)
        if container >= 0, nodes[Int(container)].collectionStyle == .flow { return container }

        let previous = previous(position, within: inDocument)
        if comment.trailing {
            if let previous, text.lineIndex(of: fullEnd[Int(previous)]) == text.lineIndex(of: position) {
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
        if let following = following(comment.end, within: inDocument) {
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

    // MARK: - Children

    /// Inserts comments among a collection's children by source position.
    func merge(_ children: [YAMLChild], _ comments: [(Int32, Int)]) -> [YAMLChild] {
        var result: [YAMLChild] = []
        result.reserveCapacity(children.count + comments.count)
        var j = 0
        for child in children {
            let start: Int
            switch child {
            case .entry(let entry): start = fullStart[entry.key.index]
            case .item(let item): start = fullStart[item.index]
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
