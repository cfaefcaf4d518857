import Foundation
import TestSupport
import TestTraits
import Testing

/// `gitsops updatekeys` and `rotate`: new stanzas or a new data key, staged for the next commit.
@Suite struct GitKeysTests {
    private func committed() throws -> GitsopsRepository {
        let repo = try GitsopsRepository()
        try repo.write("secrets/a.yaml", "# keep me\npassword: keys-value-1a\nuser: app\n")
        try repo.write("secrets/b.env", "TOKEN=keys-value-2b\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secrets"])
        return repo
    }

    private func newIdentity(_ repo: GitsopsRepository) throws -> (file: URL, recipient: String) {
        let file = repo.sandbox.url("second-key.txt")
        try Command.run("age-keygen", ["-o", file.path])
        return (file, try Command.run("age-keygen", ["-y", file.path]).out.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// A second recipient added to the rule and `gitsops updatekeys` run; `before` and `after` are
    /// the committed and the staged `secrets/a.yaml`.
    private func updatedKeys() throws -> (repo: GitsopsRepository, second: (file: URL, recipient: String), result: Command.Result,
                                          before: String, after: String) {
        let repo = try committed()
        let second = try newIdentity(repo)
        try repo.write(".sops.yaml", "creation_rules:\n  - path_regex: ^secrets/\n    age: \(repo.recipient),\(second.recipient)\n")
        let before = String(decoding: try repo.stored("secrets/a.yaml"), as: UTF8.self)
        let result = try repo.gitsops(["updatekeys"])
        return (repo, second, result, before, String(decoding: try repo.stored("secrets/a.yaml", at: ""), as: UTF8.self))
    }

    @Test func updatekeysAddsTheRulesNewRecipientAndKeepsTheValues() throws {
        let (repo, second, result, before, after) = try updatedKeys()
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "updated secrets/a.yaml\nupdated secrets/b.env\nstaged 2 files: commit to share the new keys\n")
        #expect(after.contains(second.recipient))
        let valueLine = before.split(separator: "\n").first { $0.hasPrefix("password:") }!
        #expect(after.contains(valueLine))
        #expect(try repo.git(["status", "--porcelain"]).out == " M .sops.yaml\nM  secrets/a.yaml\nM  secrets/b.env\n")
        // The first identity still opens the staged file, and the second alone now does too.
        let plaintext = Data("# keep me\npassword: keys-value-1a\nuser: app\n".utf8)
        let decrypted = try repo.decrypt(Array(after.utf8), format: "yaml")
        #expect(decrypted.status == 0, "\(decrypted.err)")
        #expect(decrypted.stdout == plaintext)
        let withSecond = try repo.decrypt(Array(after.utf8), format: "yaml", environment: ["SOPS_AGE_KEY_FILE": second.file.path])
        #expect(withSecond.status == 0, "\(withSecond.err)")
        #expect(withSecond.stdout == plaintext)
        let again = try repo.gitsops(["updatekeys", "secrets/a.yaml"])
        #expect(again.out == "secrets/a.yaml already up to date\n")
    }

    @Test(.needsSopsRef) func theReferenceOpensUpdatedKeysWithEitherIdentity() throws {
        let (repo, second, result, _, after) = try updatedKeys()
        try #require(result.status == 0, "\(result.err)")
        let decrypted = try repo.referenceDecrypt(Array(after.utf8), format: "yaml")
        #expect(decrypted.status == 0)
        let withSecond = try repo.sandbox.run("python3", [SharedFixtures.sopsRef.path, "decrypt", "-", "--format", "yaml"], in: ".",
                                              environment: ["SOPS_AGE_KEY_FILE": second.file.path], stdin: Data(after.utf8))
        #expect(withSecond.status == 0, "\(withSecond.err)")
    }

    @Test func rotateReencryptsEveryValueUnderANewDataKey() throws {
        let repo = try committed()
        let before = String(decoding: try repo.stored("secrets/a.yaml"), as: UTF8.self)
        let result = try repo.gitsops(["rotate", "secrets"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.hasPrefix("rotated secrets/a.yaml\nrotated secrets/b.env\n"))
        let after = String(decoding: try repo.stored("secrets/a.yaml", at: ""), as: UTF8.self)
        let encrypted = { (text: String) in text.split(separator: "\n").filter { $0.contains("ENC[") && !$0.contains("mac:") } }
        #expect(Set(encrypted(before)).isDisjoint(with: Set(encrypted(after))))
        #expect(try repo.read("secrets/a.yaml") == Array("# keep me\npassword: keys-value-1a\nuser: app\n".utf8))
        #expect(try repo.git(["status", "--porcelain"]).out == "M  secrets/a.yaml\nM  secrets/b.env\n")
        try repo.git(["commit", "-q", "-m", "rotate"])
        try repo.cloneAndInit()
        #expect(try repo.read("secrets/a.yaml", in: "clone") == Array("# keep me\npassword: keys-value-1a\nuser: app\n".utf8))
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "")
    }

    @Test func withoutTheKeyRotateFailsPerFileAndChangesNothing() throws {
        let repo = try committed()
        let result = try repo.gitsops(["rotate"], environment: repo.withoutKey)
        #expect(result.status == 1)
        #expect(result.err.hasPrefix("gitsops: error: secrets/a.yaml: "), "\(result.err)")
        #expect(try repo.git(["status", "--porcelain"]).out == "")
    }
}
