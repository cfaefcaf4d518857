/// Identifies a node of a `YAMLStream` (stable across in-place edits).
public struct YAMLNodeID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Position in the stream's node table (creation order, which is source order of node starts).
    public let index: Int

    public static func < (lhs: YAMLNodeID, rhs: YAMLNodeID) -> Bool { lhs.index < rhs.index }
    public var description: String { "node#\(index)" }
}

/// Identifies a comment of a `YAMLStream` (comments are numbered in source order).
public struct YAMLCommentID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Position in the stream's comment table.
    public let index: Int

    public static func < (lhs: YAMLCommentID, rhs: YAMLCommentID) -> Bool { lhs.index < rhs.index }
    public var description: String { "comment#\(index)" }
}
