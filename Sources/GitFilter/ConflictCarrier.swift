public import FilterProtocol
public import Sops
import KeySources

/// How an unresolved merge reaches the working tree without putting plaintext in the object
/// database.
///
/// git stores whatever a merge driver leaves in `%A` as a blob, conflicted or not, and checks that
/// blob out through the smudge filter. So a conflicted merge leaves an encrypted carrier: a header
/// line, then the conflict-marked plaintext encrypted as a sops binary document for the same key
/// groups as "ours". Smudge recognises the header and writes the conflict text to the working
/// tree; clean refuses nothing but, for YAML, JSON, dotenv and INI, the markers do not parse, so the
/// user must resolve them before `git add` succeeds.
public enum ConflictCarrier {
    /// The first line of every carrier (not a sops document on its own: nothing else reads it).
    public static let header = Array("# gitsops: unresolved merge conflict (encrypted); resolve it in the working tree\n".utf8)

    public static func isCarrier(_ bytes: [UInt8]) -> Bool { bytes.starts(with: header) }

    /// Encrypts `conflicted` for `keyGroups` (the keys of "ours").
    public static func seal(_ conflicted: [UInt8], path: String, keyGroups: [[MasterKey]], threshold: Int,
                            engine: SopsEngine) async throws(SopsError) -> [UInt8] {
        let rule = CreationRule(keyGroups: keyGroups, shamirThreshold: threshold)
        let document = try await engine.encrypt(conflicted, EncryptionRequest(path: path, format: .binary, rule: rule,
                                                                             recordLayout: false))
        return header + document
    }

    /// The conflict text inside a carrier.
    public static func open(_ carrier: [UInt8], engine: SopsEngine) async throws(SopsError) -> Smudged {
        let decryption = try await engine.decrypt(Array(carrier.dropFirst(header.count)), format: .binary)
        return Smudged(decryption.plaintext)
    }
}
