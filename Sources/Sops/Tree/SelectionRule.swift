/// Which leaves of a document are encrypted: the one selection setting of a file
/// (spec/sops-format.md §4). The metadata stores it under its `field` name.
public enum SelectionRule: Sendable, Equatable, Hashable {
    case unencryptedSuffix(String)
    case encryptedSuffix(String)
    case unencryptedRegex(String)
    case encryptedRegex(String)
    case unencryptedCommentRegex(String)
    case encryptedCommentRegex(String)

    /// sops' default when a file or rule names none.
    public static let `default` = SelectionRule.unencryptedSuffix("_unencrypted")

    /// The metadata / `.sops.yaml` field name.
    public var field: String {
        switch self {
        case .unencryptedSuffix: "unencrypted_suffix"
        case .encryptedSuffix: "encrypted_suffix"
        case .unencryptedRegex: "unencrypted_regex"
        case .encryptedRegex: "encrypted_regex"
        case .unencryptedCommentRegex: "unencrypted_comment_regex"
        case .encryptedCommentRegex: "encrypted_comment_regex"
        }
    }

    /// The suffix or pattern.
    public var argument: String {
        switch self {
        case .unencryptedSuffix(let s), .encryptedSuffix(let s), .unencryptedRegex(let s), .encryptedRegex(let s),
             .unencryptedCommentRegex(let s), .encryptedCommentRegex(let s): s
        }
    }

    /// The six field names in sops' order.
    static let fields = ["unencrypted_suffix", "encrypted_suffix", "unencrypted_regex", "encrypted_regex",
                         "unencrypted_comment_regex", "encrypted_comment_regex"]

    /// The rule named by `field`, if it is one of the six.
    init?(field: String, argument: String) {
        switch field {
        case "unencrypted_suffix": self = .unencryptedSuffix(argument)
        case "encrypted_suffix": self = .encryptedSuffix(argument)
        case "unencrypted_regex": self = .unencryptedRegex(argument)
        case "encrypted_regex": self = .encryptedRegex(argument)
        case "unencrypted_comment_regex": self = .unencryptedCommentRegex(argument)
        case "encrypted_comment_regex": self = .encryptedCommentRegex(argument)
        default: return nil
        }
    }

    /// Picks the single non-empty setting among `values` (by field name); more than one is an error.
    static func single(from values: [String: String]) throws(SopsError) -> SelectionRule? {
        let set = fields.compactMap { field in values[field].flatMap { $0.isEmpty ? nil : SelectionRule(field: field, argument: $0) } }
        guard set.count <= 1 else {
            throw SopsError(.metadata, "Cannot use more than one of encrypted_suffix, unencrypted_suffix, encrypted_regex, unencrypted_regex, encrypted_comment_regex, or unencrypted_comment_regex in the same file")
        }
        return set.first
    }
}

/// A `SelectionRule` ready to evaluate: regexes compiled once.
struct LeafSelector {
    let rule: SelectionRule
    private let pattern: RE2Pattern?

    init(_ rule: SelectionRule) throws(SopsError) {
        self.rule = rule
        switch rule {
        case .unencryptedSuffix, .encryptedSuffix: pattern = nil
        default: pattern = try RE2Pattern.cached(rule.argument, setting: rule.field)
        }
    }

    /// Whether the comment rules need the active-comment stack.
    var usesComments: Bool {
        switch rule {
        case .unencryptedCommentRegex, .encryptedCommentRegex: true
        default: false
        }
    }

    /// sops' `shouldBeEncrypted`: `path` are the mapping keys down to the leaf, `comments` the active
    /// comment lists (§4.2), `isComment` whether the leaf is itself a comment (the last entry).
    func shouldEncrypt(path: [String], comments: [[String]], isComment: Bool) -> Bool {
        switch rule {
        case .unencryptedSuffix(let suffix):
            return !path.contains { $0.hasSuffixBytes(suffix) }
        case .encryptedSuffix(let suffix):
            return path.contains { $0.hasSuffixBytes(suffix) }
        case .unencryptedRegex:
            return !path.contains { pattern!.matches($0) }
        case .encryptedRegex:
            return path.contains { pattern!.matches($0) }
        case .unencryptedCommentRegex:
            return !comments.contains { $0.contains { pattern!.matches($0) } }
        case .encryptedCommentRegex:
            for (i, list) in comments.enumerated() {
                for (j, comment) in list.enumerated() {
                    // The matching comment line itself stays clear.
                    if isComment, i == comments.count - 1, j == list.count - 1 { continue }
                    if pattern!.matches(comment) { return true }
                }
            }
            return false
        }
    }

    /// With `unencrypted_comment_regex`, an encrypted comment must not itself match (sops refuses).
    func checkEncryptedComment(_ text: String) throws(SopsError) {
        if case .unencryptedCommentRegex = rule, pattern!.matches(text) {
            throw SopsError(.invalidValue, "Encrypted comment matches UnencryptedCommentRegex! Make sure the regex cannot match encrypted comments")
        }
    }
}

extension String {
    /// Byte-wise suffix test (Go's `strings.HasSuffix`), not Unicode-canonical like `hasSuffix`.
    func hasSuffixBytes(_ suffix: String) -> Bool {
        utf8.count >= suffix.utf8.count && utf8.reversed().starts(with: suffix.utf8.reversed())
    }
}
