/// A value of the sops tree (spec/sops-format.md §1.1).
///
/// Strings are bytes: the binary store holds arbitrary, possibly non-UTF-8 data under `type:str`.
enum SopsValue: Sendable, Equatable {
    case string([UInt8])
    case int(Int64)
    case float(Double)
    case bool(Bool)
    case time(SopsTime)
    case null
    /// A comment that sits in a sequence (in mappings comments are items, see `SopsItem`).
    case comment(SopsComment)
    case mapping([SopsItem])
    case sequence([SopsValue])

    /// A string value from UTF-8 text.
    static func text(_ string: String) -> SopsValue { .string(Array(string.utf8)) }

    /// Whether this is a scalar leaf (what the MAC and the layout template count).
    var isLeaf: Bool {
        switch self {
        case .mapping, .sequence, .comment: false
        default: true
        }
    }
}

/// One slot of a mapping: a key with its value, or a comment line occupying a position.
enum SopsItem: Sendable, Equatable {
    case entry(String, SopsValue)
    case comment(SopsComment)

    /// The key of an entry; nil for a comment.
    var key: String? {
        if case .entry(let key, _) = self { return key }
        return nil
    }
}

/// A comment carried in the tree: the text after `#` (leading space included), and whether it sat
/// on the same line as a value.
struct SopsComment: Sendable, Equatable, Hashable {
    var text: String
    var inline: Bool
    init(_ text: String, inline: Bool = false) {
        self.text = text
        self.inline = inline
    }
}

/// One document of a sops file: an ordered mapping (YAML has one per document, the others one).
typealias SopsBranch = [SopsItem]
