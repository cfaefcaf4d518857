import TextEncoding

extension SopsEngine {
    /// One value of a sops document, read without any key: where it is and what may be shown of it.
    public struct OutlineEntry: Sendable, Equatable {
        /// What the entry shows instead of a secret.
        public enum Shown: Sendable, Equatable {
            /// An encrypted value, named by the first bytes of its random IV: an unchanged value
            /// keeps its ciphertext (and so its id), a changed one gets a fresh IV. Nothing about
            /// the plaintext, not even a digest.
            case encrypted(ciphertextID: String)
            /// A value the file's rule leaves in clear, as stored; on one line, JSON-quoted when it
            /// would not read as itself (empty, edge spaces, control characters).
            case clear(String)
            /// A value in clear that the file's rule says should be encrypted (never shown).
            case clearButSelected
        }

        /// Keys and sequence positions: `stringData.password`, `hosts[1]`.
        public var path: String
        public var shown: Shown
    }

    /// The values of a sops document in order, one list per YAML document, for `git commit -v`:
    /// which keys there are and which values changed, never a plaintext. Nil when `bytes` is not a
    /// sops document in `format`.
    public static func outline(_ bytes: [UInt8], format: SopsFormat) -> [[OutlineEntry]]? {
        guard let document = parsedSopsDocument(bytes, format: format),
              let selector = try? LeafSelector(document.metadata.selection) else { return nil }
        return document.branches.map { branch in
            var entries: [OutlineEntry] = []
            walkLeaves(branch) { leaf in
                let shown: OutlineEntry.Shown
                if case .string(let text) = leaf.value, EncryptedValue.looksEncrypted(text) {
                    let iv = (try? EncryptedValue(parsing: text))??.iv ?? []
                    shown = .encrypted(ciphertextID: Hex.encode(Array(iv.prefix(4))))
                } else if leaf.value != .null, leaf.value != .string([]),
                          selector.shouldEncrypt(path: leaf.keys, comments: leaf.comments, isComment: false) {
                    shown = .clearButSelected
                } else {
                    shown = .clear(leaf.value == .null ? "null" : oneLine(MetadataFlattening.stringValue(leaf.value)))
                }
                entries.append(OutlineEntry(path: leaf.display, shown: shown))
            }
            return entries
        }
    }

    private static func oneLine(_ text: String) -> String {
        let plain = !text.isEmpty && text.first != " " && text.last != " " && text.first != "\""
            && !text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
        guard !plain else { return text }
        var quoted: [UInt8] = []
        JSONWriter.quote(Array(text.utf8), go: false, into: &quoted)
        return String(decoding: quoted, as: UTF8.self)
    }
}
