/// A `#` comment.
public struct YAMLComment: Sendable, Hashable {
    /// This comment's identifier.
    public let id: YAMLCommentID
    /// Bytes from `#` to the end of the line (line break excluded).
    public let range: Range<Int>
    /// The text after `#` (leading space kept: `# foo` gives `" foo"`).
    public let text: String
    /// True when content precedes the comment on its line.
    public let isTrailing: Bool
    /// The collection the comment belongs to (go-yaml/sops attachment); nil when the document's
    /// root is not a collection or the comment is outside every document.
    public let owner: YAMLNodeID?
    /// The document the comment belongs to (nil for comments in a stream without documents).
    public let document: Int?
    /// Position of `#`.
    public let location: YAMLLocation
}
