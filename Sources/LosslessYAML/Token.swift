/// The scanner's token kinds (the YAML 1.2 lexical structure, as in libyaml).
enum TokenKind: UInt8 {
    case streamStart, streamEnd
    case versionDirective, tagDirective, reservedDirective
    case documentStart, documentEnd
    case blockSequenceStart, blockMappingStart, blockEnd
    case flowSequenceStart, flowSequenceEnd, flowMappingStart, flowMappingEnd
    case blockEntry, flowEntry, key, value
    case alias, anchor, tag, scalar
}

/// One token: its kind, its bytes `start..<end` and, for scalars, tags and directives, an index
/// into the scanner's side table of that kind.
struct Token {
    var kind: TokenKind
    var start: Int
    var end: Int
    var payload: Int32 = -1
}

/// A scanned scalar: decoded value and how it was written.
struct ScannedScalar {
    var value: String
    var style: YAMLScalarStyle
    /// Block scalars: the header, e.g. `|2-`, and the content indentation column.
    var blockHeader: YAMLBlockHeader?
}

/// A scanned tag `handle` + `suffix` (suffix still percent-encoded).
struct ScannedTag {
    var handle: String
    var suffix: String
    var verbatim: Bool
}

/// A scanned directive.
struct ScannedDirective {
    var name: String
    /// `%YAML`: major, minor.
    var version: (Int, Int)?
    /// `%TAG`: handle, prefix.
    var tag: (String, String)?
}

/// A `#` comment: its bytes (from `#` to the end of the line, no line break) and whether content
/// precedes it on its line.
struct ScannedComment {
    var start: Int
    var end: Int
    var trailing: Bool
}
