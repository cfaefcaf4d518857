/// The state of one gitattribute for a path (gitattributes(5) "set", "unset", value, unspecified).
public enum AttributeValue: Hashable, Sendable {
    /// No pattern mentions the attribute.
    case unspecified
    /// `attr` (set without a value).
    case set
    /// `-attr`.
    case unset
    /// `attr=value`.
    case value(String)

    /// The value, when the attribute is `attr=value`.
    public var string: String? {
        if case .value(let value) = self { return value }
        return nil
    }
}

/// Where attributes are read from.
public enum AttributeSource: Hashable, Sendable {
    /// `.gitattributes` in the working tree, then the index (what git uses for add and checkout).
    case workingTree
    /// `.gitattributes` in the index only (what is about to be committed).
    case index
    /// `.gitattributes` in the tree of a commit (for checks of history and on servers).
    case commit(ObjectID)
}
