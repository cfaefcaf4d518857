/// A parsed YAML stream that keeps every byte: the source, a syntax tree over it (documents,
/// nodes, comments, each with its byte range) and in-place edits. `printed()` of an unedited
/// stream is the input, byte for byte.
public struct YAMLStream: Sendable {
    /// The input as parsed (edits are not applied here; see `printed()`).
    public let source: [UInt8]
    var table: SyntaxTable
    let text: SourceText
    /// Replacement bytes for edited scalars and comments, keyed by their source range start.
    var edits: [Int: Edit] = [:]

    struct Edit: Sendable {
        var range: Range<Int>
        var replacement: [UInt8]
    }

    /// Parses a stream of YAML documents (UTF-8, optional leading BOM, LF or CRLF line breaks).
    public static func parse(_ bytes: [UInt8], limits: YAMLLimits = .standard) throws(YAMLError) -> YAMLStream {
        let text = SourceText(bytes)
        if bytes.count >= Int(Int32.max) {
            throw YAMLError(line: 1, column: 1, message: "input larger than 2 GiB")
        }
        if let problem = InputValidation.firstProblem(in: bytes) {
            throw text.error(problem, in: bytes)
        }
        do {
            var scanner = Scanner(bytes: bytes, limits: limits)
            try scanner.scan()
            var parser = Parser(scanner: scanner)
            var table = try parser.parse()
            table.comments = scanner.comments.map { CommentRecord(start: $0.start, end: $0.end, trailing: $0.trailing) }
            CommentAttachment.attach(to: &table, text: text, bytes: bytes)
            return YAMLStream(source: bytes, table: table, text: text)
        } catch {
            throw text.error(error, in: bytes)
        }
    }

    /// Parses YAML text.
    public static func parse(_ string: String, limits: YAMLLimits = .standard) throws(YAMLError) -> YAMLStream {
        try parse(Array(string.utf8), limits: limits)
    }

    // MARK: - Reading the tree

    /// The documents, in order (none for an empty or comment-only input).
    public var documents: [YAMLDocument] {
        table.documents.map { record in
            YAMLDocument(range: record.start..<record.end, root: YAMLNodeID(index: Int(record.root)),
                         directiveRanges: record.directives, startMarker: record.startMarker,
                         endMarker: record.endMarker, comments: record.comments)
        }
    }

    /// `...` markers that end no document (repeated markers, or markers before the first document).
    public var extraDocumentEndMarkers: [Range<Int>] { table.extraDocumentEndMarkers }

    /// Number of nodes in the tree.
    public var nodeCount: Int { table.nodes.count }

    /// Everything recorded about a node.
    public func node(_ id: YAMLNodeID) -> YAMLNode {
        let record = table.nodes[id.index]
        let scalar = record.scalar >= 0 ? table.scalars[Int(record.scalar)] : nil
        return YAMLNode(
            id: id, kind: record.kind, scalarStyle: record.scalarStyle, collectionStyle: record.collectionStyle,
            range: record.start..<record.end, anchorRange: record.anchor, tagRange: record.tagRange,
            tag: table.tag(of: id.index), anchor: record.anchor.map { String(decoding: source[($0.lowerBound + 1)..<$0.upperBound], as: UTF8.self) },
            isEmpty: record.isEmpty, parent: record.parent >= 0 ? YAMLNodeID(index: Int(record.parent)) : nil,
            aliasTarget: record.aliasTarget >= 0 ? YAMLNodeID(index: Int(record.aliasTarget)) : nil,
            blockHeader: scalar?.blockHeader, location: location(of: record.start), children: table.children(of: id.index))
    }

    /// The kind of a node (cheaper than `node(_:)`).
    public func kind(of id: YAMLNodeID) -> YAMLNodeKind { table.nodes[id.index].kind }

    /// The children of a collection, in source order (empty for scalars and aliases).
    public func children(of id: YAMLNodeID) -> [YAMLChild] { table.children(of: id.index) }

    /// The decoded value of a scalar as parsed (escapes, folding and chomping applied; "" for non-scalars).
    public func scalarValue(of id: YAMLNodeID) -> String {
        let index = table.nodes[id.index].scalar
        return index >= 0 ? table.scalars[Int(index)].value : ""
    }

    /// The source text of a node's range, as parsed.
    public func sourceText(of id: YAMLNodeID) -> String {
        let record = table.nodes[id.index]
        return String(decoding: source[record.start..<record.end], as: UTF8.self)
    }

    /// All comments, in source order.
    public var comments: [YAMLComment] {
        table.comments.indices.map { comment(YAMLCommentID(index: $0)) }
    }

    /// Everything recorded about a comment.
    public func comment(_ id: YAMLCommentID) -> YAMLComment {
        let record = table.comments[id.index]
        return YAMLComment(
            id: id, range: record.start..<record.end,
            text: String(decoding: source[(record.start + 1)..<record.end], as: UTF8.self),
            isTrailing: record.trailing, owner: record.owner >= 0 ? YAMLNodeID(index: Int(record.owner)) : nil,
            document: record.document >= 0 ? Int(record.document) : nil, location: location(of: record.start))
    }

    /// Line and column of a byte offset of the source.
    public func location(of offset: Int) -> YAMLLocation { text.location(of: offset, in: source) }

    /// An error at a byte offset of the source (for callers reporting problems found in the tree).
    public func error(at offset: Int, _ message: String) -> YAMLError {
        let location = location(of: offset)
        return YAMLError(line: location.line, column: location.column, message: message)
    }
}
