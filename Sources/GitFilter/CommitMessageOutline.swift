import Repository
import Sops

/// What a secret shows under `git commit -v`, which keeps the diff in `.git/COMMIT_EDITMSG` on
/// disk: one line per value with its path, encrypted values replaced by an id of their ciphertext
/// (never a value, nor a digest of one). Diffing the two sides shows which keys were added,
/// removed or changed.
///
/// git hands the textconv each side smudged (plaintext). The side is cleaned again as `git add`
/// would clean it: against the staged ciphertext, whose values keep their `ENC[…]` (and IV) when
/// unchanged. A value equal on both sides so shows the same id; a changed one a fresh id.
enum CommitMessageOutline {
    static let heading = "(gitsops: values masked: git commit -v keeps this diff in .git/COMMIT_EDITMSG; a changed value gets a new ciphertext id)\n"

    /// The outline of `content` (one side, as git wrote it to `file`), or
    /// `Textconv.hiddenInCommitMessage` when its stored form cannot be worked out.
    static func render(_ content: [UInt8], file: String, policy: SopsFilterPolicy) async -> String {
        // Already ciphertext: a locked working tree, or a checkout without a key.
        if let outline = outline(content, format: SopsFormat(path: file)) { return outline }
        guard let path = await repositoryPath(of: content, file: file, policy: policy),
              let stored = try? await policy.clean(content, path: path),
              let outline = outline(stored, format: SopsFormat(path: path)) else { return Textconv.hiddenInCommitMessage }
        return outline
    }

    /// The lines for a sops document (nil when `stored` is not one).
    static func outline(_ stored: [UInt8], format: SopsFormat) -> String? {
        guard let documents = SopsEngine.outline(stored, format: format) else { return nil }
        let body = documents.map { entries in
            entries.map { entry in
                switch entry.shown {
                case .encrypted(let id): "\(entry.path): (encrypted \(id))\n"
                case .clear(let text): "\(entry.path): \(text)\n"
                case .clearButSelected: "\(entry.path): (not shown: in clear, but its rule says encrypt it)\n"
                }
            }.joined()
        }
        return heading + body.joined(separator: "---\n")
    }

    /// The tracked path `file` stands for. git passes the working file itself (a path relative to
    /// the top of the working tree, where it runs the textconv) or a temporary copy with the same
    /// base name; among several tracked files of that name, the one whose staged or committed
    /// version decrypts to `content`.
    private static func repositoryPath(of content: [UInt8], file: String, policy: SopsFilterPolicy) async -> String? {
        guard let repository = policy.repository else { return nil }
        if !file.hasPrefix("/"), (try? repository.indexEntry(for: file)) != nil { return file }
        let name = file.split(separator: "/").last.map(String.init) ?? file
        func named(_ entries: [IndexEntry]) -> [String] {
            entries.map(\.path).filter { $0 == name || $0.hasSuffix("/" + name) }
        }
        var candidates = named((try? repository.indexEntries()) ?? [])
        if repository.hasCommits {
            for path in named((try? repository.files(at: "HEAD")) ?? []) where !candidates.contains(path) { candidates.append(path) }
        }
        guard candidates.count > 1 else { return candidates.first }
        for path in candidates {
            let versions = [try? repository.indexBlob(for: path), try? repository.blob(at: "HEAD", path: path)].compactMap { $0 ?? nil }
            for stored in versions {
                if let smudged = try? await policy.smudge(stored, path: path), smudged.content == content {
                    return path
                }
            }
        }
        return nil
    }
}
