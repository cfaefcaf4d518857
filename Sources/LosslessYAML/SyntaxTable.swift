/// The stored form of a node (see `YAMLNode` for the public view).
struct NodeRecord: Sendable {
    var kind: YAMLNodeKind
    var scalarStyle: YAMLScalarStyle = .plain
    var collectionStyle: YAMLCollectionStyle = .block
    var start: Int
    var end: Int
    var anchor: Range<Int>?
    var tagRange: Range<Int>?
    var tag: String?
    /// Index into `SyntaxTable.scalars` (scalars only).
    var scalar: Int32 = -1
    var parent: Int32 = -1
    var aliasTarget: Int32 = -1
    var isEmpty = false
    var children: [YAMLChild] = []
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
    var comments: [CommentRecord] = []
    var documents: [DocumentRecord] = []
    /// `...` markers that end no document (repeated, or before the first document).
    var extraDocumentEndMarkers: [Range<Int>] = []
}
