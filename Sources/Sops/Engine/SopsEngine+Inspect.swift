extension SopsEngine {
    /// Whether `bytes` is a sops document in `format` (a readable `sops` block with keys).
    public static func isSopsDocument(_ bytes: [UInt8], format: SopsFormat) -> Bool {
        parsedSopsDocument(bytes, format: format) != nil
    }

    /// The parsed document when `bytes` is a sops document in `format` (so callers parse it once).
    static func parsedSopsDocument(_ bytes: [UInt8], format: SopsFormat) -> DocumentStore.Encrypted? {
        (try? parsedSopsDocumentOrDamage(bytes, format: format)) ?? nil
    }

    /// The parsed document; nil when `bytes` shows no sign of sops; throws for a damaged sops
    /// document: one that carries sops metadata or encrypted values but does not read as a sops
    /// document in `format` (truncated, a metadata field renamed, a bad merge of ciphertext).
    static func parsedSopsDocumentOrDamage(_ bytes: [UInt8], format: SopsFormat) throws(SopsError) -> DocumentStore.Encrypted? {
        guard mayBeSopsDocument(bytes) else { return nil }
        do {
            return try DocumentStore(format: format, settings: StoreSettings()).parseEncrypted(bytes)
        } catch {
            guard isDamage(error, in: bytes) else { return nil }
            throw damaged(error)
        }
    }

    /// A parse failure is damage when the file holds an encrypted value, or when its `sops` entry
    /// exists but does not read (a plaintext file with a syntax error is just not a sops document).
    private static func isDamage(_ error: SopsError, in bytes: [UInt8]) -> Bool {
        bytes.firstRange(of: EncryptedValue.prefix) != nil || (error.code != .syntax && error != DocumentStore.metadataNotFound)
    }

    static func damaged(_ error: SopsError) -> SopsError {
        SopsError(.metadata, "truncated or damaged sops document (\(error.message))",
                  hint: "restore it from an earlier commit, or re-encrypt it from its plaintext")
    }

    /// Cheap pre-test: every sops document contains the bytes `sops` (the block or `sops_` keys).
    public static func mayBeSopsDocument(_ bytes: [UInt8]) -> Bool {
        let needle = Array("sops".utf8)
        guard bytes.count >= needle.count else { return false }
        var i = 0
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0], bytes[i + 1] == needle[1], bytes[i + 2] == needle[2], bytes[i + 3] == needle[3] { return true }
            i += 1
        }
        return false
    }

    /// The metadata (key groups, selection, threshold, …) without any key.
    public static func inspect(_ bytes: [UInt8], format: SopsFormat) throws(SopsError) -> SopsMetadata {
        try DocumentStore(format: format, settings: StoreSettings()).parseEncrypted(bytes).metadata
    }

    /// Checks without keys that the metadata is well formed and every value its selection rule
    /// covers is encrypted. Returns the AAD paths of values in clear that should not be (empty: fine).
    public static func unencryptedPaths(_ bytes: [UInt8], format: SopsFormat) throws(SopsError) -> [String] {
        try coverage(bytes, format: format).clearButSelected
    }

    /// How much of a sops document is encrypted, read without keys.
    public struct Coverage: Sendable, Equatable {
        /// AAD paths of values in clear that the file's selection rule says should be encrypted.
        public var clearButSelected: [String] = []
        /// Non-empty values stored as `ENC[…]`.
        public var encryptedValues = 0
        /// Non-empty values stored in clear (selected or not).
        public var clearValues = 0
    }

    /// Walks the document's values (not its metadata or comments) and counts what is encrypted.
    public static func coverage(_ bytes: [UInt8], format: SopsFormat) throws(SopsError) -> Coverage {
        try coverage(DocumentStore(format: format, settings: StoreSettings()).parseEncrypted(bytes))
    }

    /// What `gitsops check` needs, from one parse: nil when `bytes` shows no sign of sops, else its
    /// metadata and its coverage (or why it cannot be computed); throws "truncated or damaged sops
    /// document" for a damaged one. With `alsoSelectedBy` (a creation rule's selection), values it
    /// selects count as selected too.
    public static func audit(_ bytes: [UInt8], format: SopsFormat, alsoSelectedBy extra: SelectionRule? = nil)
        throws(SopsError) -> (metadata: SopsMetadata, coverage: Result<Coverage, SopsError>)? {
        guard let document = try parsedSopsDocumentOrDamage(bytes, format: format) else { return nil }
        return (document.metadata, Result { () throws(SopsError) in try coverage(document, alsoSelectedBy: extra) })
    }

    static func coverage(_ document: DocumentStore.Encrypted, alsoSelectedBy extra: SelectionRule? = nil) throws(SopsError) -> Coverage {
        var selectors = [try LeafSelector(document.metadata.selection)]
        if let extra { selectors.append(try LeafSelector(extra)) }
        return coverage(document.branches, selectors: selectors)
    }

    /// `coverage` of encrypted branches: a value any of `selectors` selects counts as selected.
    static func coverage(_ branches: [SopsBranch], selectors: [LeafSelector]) -> Coverage {
        var coverage = Coverage()
        for branch in branches {
            walkLeaves(branch) { leaf in
                switch leaf.value {
                case .null, .comment:
                    break
                case .string(let text) where text.isEmpty:
                    break
                case .string(let text) where EncryptedValue.looksEncrypted(text):
                    coverage.encryptedValues += 1
                default:
                    coverage.clearValues += 1
                    if selectors.contains(where: { $0.shouldEncrypt(path: leaf.keys, comments: leaf.comments, isComment: false) }) {
                        coverage.clearButSelected.append(TreeCipher.aad(leaf.keys))
                    }
                }
            }
        }
        return coverage
    }

    /// One value of a document as the walk meets it.
    struct Leaf {
        /// The mapping keys down to the value (what selection rules and AADs use).
        var keys: [String]
        /// Keys and sequence positions for people: `stringData.password`, `hosts[1]`.
        var display: String
        /// The active comment lists (§4.2).
        var comments: [[String]]
        var value: SopsValue
    }

    /// Calls `visit` for every value of `branch` in document order (comments in it only count
    /// towards `comments`).
    static func walkLeaves(_ branch: SopsBranch, _ visit: (Leaf) -> Void) {
        var stack: [[String]] = []
        var keys: [String] = []
        func walk(_ value: SopsValue, display: String) {
            switch value {
            case .mapping(let items):
                stack.append([])
                for item in items {
                    switch item {
                    case .comment(let comment):
                        stack[stack.count - 1].append(comment.text)
                    case .entry(let key, let v):
                        keys.append(key)
                        walk(v, display: display.isEmpty ? key : display + "." + key)
                        keys.removeLast()
                        stack[stack.count - 1].removeAll()
                    }
                }
                stack.removeLast()
            case .sequence(let elements):
                stack.append([])
                var position = 0
                for element in elements {
                    if case .comment(let comment) = element {
                        stack[stack.count - 1].append(comment.text)
                        continue
                    }
                    walk(element, display: display + "[\(position)]")
                    position += 1
                    stack[stack.count - 1].removeAll()
                }
                stack.removeLast()
            default:
                visit(Leaf(keys: keys, display: display, comments: stack, value: value))
            }
        }
        walk(.mapping(branch), display: "")
    }
}
