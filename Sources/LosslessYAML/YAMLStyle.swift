/// How a scalar is written in the source.
public enum YAMLScalarStyle: Sendable, Hashable {
    /// Unquoted.
    case plain
    /// `'…'`
    case singleQuoted
    /// `"…"`
    case doubleQuoted
    /// `|`
    case literal
    /// `>`
    case folded

    /// Quoted and block scalars are strings whatever they contain (yaml.v3 `indicatedString`).
    public var isIndicatedString: Bool { self != .plain }
}

/// How a collection is written in the source.
public enum YAMLCollectionStyle: Sendable, Hashable {
    /// Indentation-based (`key: value` lines, `- item` lines).
    case block
    /// Bracketed (`{…}`, `[…]`).
    case flow
}

/// What a block scalar's final line breaks become (its chomping indicator).
public enum YAMLChomping: Sendable, Hashable {
    /// No indicator: one final line break is kept.
    case clip
    /// `-`: final line breaks are removed.
    case strip
    /// `+`: final line breaks and trailing empty lines are kept.
    case keep
}

/// The header of a literal or folded block scalar.
public struct YAMLBlockHeader: Sendable, Hashable {
    /// The chomping indicator.
    public var chomping: YAMLChomping
    /// The explicit indentation indicator digit, if written.
    public var indentationIndicator: Int?
    /// The column (0-based) at which content lines start.
    public var contentIndent: Int
}
