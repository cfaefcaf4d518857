/// One document of a stream.
public struct YAMLDocument: Sendable {
    /// Bytes of the document: directives, `---`, content, `...`, and the comments attached to it.
    public let range: Range<Int>
    /// The root node (an empty scalar for an empty document).
    public let root: YAMLNodeID
    /// Ranges of the `%YAML`/`%TAG`/reserved directive lines (without comments).
    public let directiveRanges: [Range<Int>]
    /// The `---` marker, if written.
    public let startMarker: Range<Int>?
    /// The `...` marker, if written.
    public let endMarker: Range<Int>?
    /// Comments of the document not owned by a collection (only when the root is not a collection).
    public let comments: [YAMLCommentID]
}
