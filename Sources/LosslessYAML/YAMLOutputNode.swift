/// A node for `YAMLEmitter`: content plus go-yaml v3 style head, line and foot comments (like
/// `yaml.Node`), so a caller can place comments exactly as go-yaml would print them.
public struct YAMLOutputNode: Sendable {
    /// What the node holds.
    public indirect enum Content: Sendable {
        /// A typed value, written as yaml.v3 writes the Go value (collections in block style).
        case value(YAMLValue)
        /// A mapping whose entries carry their own comments.
        case entries([YAMLOutputPair])
        /// A sequence whose items carry their own comments.
        case items([YAMLOutputNode])
    }

    /// The content.
    public var content: Content
    /// Comment lines before the node (text after `#`, e.g. `" foo"` for `# foo`).
    public var headComment: [String]
    /// Comment lines after the node on its line (more than one line continues below it).
    public var lineComment: [String]
    /// Comment lines after the node.
    public var footComment: [String]

    /// Creates a node.
    public init(_ content: Content, headComment: [String] = [], lineComment: [String] = [], footComment: [String] = []) {
        self.content = content
        self.headComment = headComment
        self.lineComment = lineComment
        self.footComment = footComment
    }

    /// A node holding a value (a scalar, or a whole collection without inner comments).
    public init(_ value: YAMLValue, headComment: [String] = [], lineComment: [String] = [], footComment: [String] = []) {
        self.init(.value(value), headComment: headComment, lineComment: lineComment, footComment: footComment)
    }
}

/// A mapping entry for `YAMLEmitter`.
public struct YAMLOutputPair: Sendable {
    /// The key (its head comment is written before the entry, its foot comment after the value).
    public var key: YAMLOutputNode
    /// The value.
    public var value: YAMLOutputNode

    /// Creates an entry.
    public init(key: YAMLOutputNode, value: YAMLOutputNode) {
        self.key = key
        self.value = value
    }

    /// Creates an entry with a string key.
    public init(_ key: String, _ value: YAMLOutputNode) {
        self.init(key: YAMLOutputNode(.string(key)), value: value)
    }
}
