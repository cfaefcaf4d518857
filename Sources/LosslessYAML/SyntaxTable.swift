/// The stored form of a node (see `YAMLNode` for the public view). Trivially copyable: the
/// resolved tag and the children live in side tables of `SyntaxTable`.
struct NodeRecord: Sendable {
    var kind: YAMLNodeKind
    var scalarStyle: YAMLScalarStyle = .plain
    var collectionStyle: YAMLCollectionStyle = .block
    var start: Int
    var end: Int
    /// `&name` bytes (-1 when absent); 32-bit offsets keep the record small.
    private var anchorStart: Int32 = -1
    private var anchorEnd: Int32 = -1
    private var tagStart: Int32 = -1
    private var tagEnd: Int32 = -1
    /// Index into `SyntaxTable.tags` (tagged nodes only).
    var tag: Int32 = -1
    /// Index into `SyntaxTable.scalars` (scalars only).
    var scalar: Int32 = -1
    var parent: Int32 = -1
    var aliasTarget: Int32 = -1
    /// Index into `SyntaxTable.childLists` (collections only).
    var children: Int32 = -1
    var isEmpty = false

    init(kind: YAMLNodeKind, start: Int, end: Int) {
        self.kind = kind
        self.start = start
        self.end = end
    }

    var anchor: Range<Int>? {
        get { anchorStart >= 0 ? Int(anchorStart)..<Int(anchorEnd) : nil }
        set {
            anchorStart = newValue.map { Int32($0.lowerBound) } ?? -1
            anchorEnd = newValue.map { Int32($0.upperBound) } ?? -1
        }
    }

    var tagRange: Range<Int>? {
        get { tagStart >= 0 ? Int(tagStart)..<Int(tagEnd) : nil }
        set {
            tagStart = newValue.map { Int32($0.lowerBound) } ?? -1
            tagEnd = newValue.map { Int32($0.upperBound) } ?? -1
        }
    }

    /// Start including properties.
    var fullStart: Int {
        var result = start
        if anchorStart >= 0 { result = min(result, Int(anchorStart)) }
        if tagStart >= 0 { result = min(result, Int(tagStart)) }
        return result
    }

    /// End including properties (an empty node's properties come after its position).
    var fullEnd: Int { max(end, Int(anchorEnd), Int(tagEnd)) }
}

/// The stored form of a comment.
struct CommentRecord: Sendable {
    var start: Int
    var end: Int
    var trailing: Bool
    var owner: Int32 = -1
    var document: Int32 = -1
}

/// The stored form of a document.
struct DocumentRecord: Sendable {
    var start: Int
    var end: Int
    var root: Int32
    var directives: [Range<Int>]
    var startMarker: Range<Int>?
    var endMarker: Range<Int>?
    var comments: [YAMLCommentID] = []
}

/// The parsed tables of a stream: nodes, scalars, comments and documents.
struct SyntaxTable: Sendable {
    var nodes: [NodeRecord] = []
    var scalars: [ScannedScalar] = []
    /// Resolved tags of tagged nodes.
    var tags: [String] = []
    /// Children of each collection.
    var childLists: [[YAMLChild]] = []
    var comments: [CommentRecord] = []
    var documents: [DocumentRecord] = []
    /// `...` markers that end no document (repeated, or before the first document).
    var extraDocumentEndMarkers: [Range<Int>] = []

    func children(of node: Int) -> [YAMLChild] {
        let list = nodes[node].children
        return list >= 0 ? childLists[Int(list)] : []
    }

    func tag(of node: Int) -> String? {
        let tag = nodes[node].tag
        return tag >= 0 ? tags[Int(tag)] : nil
    }
}
