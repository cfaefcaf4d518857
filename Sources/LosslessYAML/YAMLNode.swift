/// The kind of a node.
public enum YAMLNodeKind: Sendable, Hashable {
    /// A scalar (possibly empty: an omitted value is an empty plain scalar).
    case scalar
    /// `*name`, referring to an anchored node.
    case alias
    /// A mapping (block, flow, or a single `key: value` pair inside a flow sequence).
    case mapping
    /// A sequence.
    case sequence
}

/// A `key: value` pair of a mapping.
public struct YAMLMappingEntry: Hashable, Sendable {
    /// The key node (an empty scalar when the key is omitted).
    public let key: YAMLNodeID
    /// The value node (an empty scalar when the value is omitted).
    public let value: YAMLNodeID
}

/// One child of a collection, in source order: an entry, an item or a comment it owns.
public enum YAMLChild: Hashable, Sendable {
    /// A mapping entry.
    case entry(YAMLMappingEntry)
    /// A sequence item.
    case item(YAMLNodeID)
    /// A comment attached to this collection (see `YAMLComment.owner`).
    case comment(YAMLCommentID)
}

/// Everything the tree records about one node; obtained from `YAMLStream.node(_:)`.
public struct YAMLNode: Sendable {
    /// This node's identifier.
    public let id: YAMLNodeID
    /// Scalar, alias, mapping or sequence.
    public let kind: YAMLNodeKind
    /// For scalars: how the scalar is written.
    public let scalarStyle: YAMLScalarStyle
    /// For collections: block or flow.
    public let collectionStyle: YAMLCollectionStyle
    /// Bytes of the content: scalar text (quotes and block header included; a block scalar ends
    /// at the end of its last non-empty line), `*name`, or the whole collection. Properties
    /// (anchor, tag) are not included. Empty nodes have an empty range where they would be.
    public let range: Range<Int>
    /// `&name` bytes, if anchored.
    public let anchorRange: Range<Int>?
    /// Tag bytes as written (`!!str`, `!local`, `!<uri>`), if tagged.
    public let tagRange: Range<Int>?
    /// The resolved tag (`tag:yaml.org,2002:str`, `!local`, `!`), if tagged.
    public let tag: String?
    /// The anchor name, if anchored.
    public let anchor: String?
    /// True for a node that is not written at all (an omitted key or value).
    public let isEmpty: Bool
    /// The containing collection, if any.
    public let parent: YAMLNodeID?
    /// For aliases: the anchored node it refers to.
    public let aliasTarget: YAMLNodeID?
    /// For block scalars: chomping, indentation indicator and content column.
    public let blockHeader: YAMLBlockHeader?
    /// Start of `range` as line and column.
    public let location: YAMLLocation
    /// For collections: entries (mappings) or items (sequences) with owned comments, in source order.
    public let children: [YAMLChild]
}
