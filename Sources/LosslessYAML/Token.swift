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
    /// 32-bit offsets keep tokens at 16 bytes (inputs are limited to 2 GiB).
    private var startOffset: Int32
    private var endOffset: Int32
    var payload: Int32

    init(kind: TokenKind, start: Int, end: Int, payload: Int32 = -1) {
        self.kind = kind
        self.startOffset = Int32(truncatingIfNeeded: start)
        self.endOffset = Int32(truncatingIfNeeded: end)
        self.payload = payload
    }

    var start: Int { Int(startOffset) }
    var end: Int { Int(endOffset) }
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
