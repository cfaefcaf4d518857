import Foundation
import TestSupport
import Testing

/// `gitsops ls`: the inventory of which keys protect which files, and whether this user opens them.
@Suite struct GitLsTests {
    /// Two committed secrets (one for a second key only), then a third staged in clear around the filter.
    static func repository() throws -> (repo: GitsopsRepository, other: String) {
        let repo = try GitsopsRepository()
        let other = try ClusterCommandTests.clusterRecipient(repo)
        try repo.write(".sops.yaml", """
            creation_rules:
              - path_regex: ^secrets/other/
                age: \(other)
              - path_regex: ^secrets/
                age: \(repo.recipient)

            """)
        try repo.write("secrets/db.yaml", "password: ls-value-1\n")
        try repo.write("secrets/other/api.json", #"{"token": "ls-value-2"}"#)
        try repo.git(["add", "."])
        try repo.git(["commit", "-qm", "two secrets"])
        try repo.write("secrets/plain.env", "TOKEN=ls-value-3\n")
        let id = try repo.git(["hash-object", "-w", "--no-filters", "secrets/plain.env"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git(["update-index", "--add", "--cacheinfo", "100644,\(id),secrets/plain.env"])
        return (repo, other)
    }

    static func files(_ result: Command.Result) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        return try #require(object["files"] as? [[String: Any]])
    }

    @Test func listsEachFileWithItsRuleKeysAndWhetherThisUserCanDecryptIt() throws {
        let (repo, other) = try Self.repository()
        let text = try repo.gitsops(["ls"])
        #expect(text.status == 0, "\(text.err)")
        let lastmodified = try #require(text.out.split(separator: "\n").first { $0.hasPrefix("  lastmodified: ") })
        let blocks = text.out.components(separatedBy: "secrets/other/api.json\n")
        #expect(blocks.count == 2)
        #expect(blocks[0] == """
            secrets/db.yaml
              rule: ^secrets/
              key: age \(repo.recipient)
            \(lastmodified)
              you can decrypt: yes

            """)
        #expect(blocks[1].hasPrefix("  rule: ^secrets/other/\n  key: age \(other)\n  lastmodified: "))
        #expect(blocks[1].contains("  you can decrypt: no\n    Failed to get the data key required to decrypt the SOPS file.\n"))
        #expect(blocks[1].hasSuffix("""
            secrets/plain.env
              rule: ^secrets/
              problem: is not encrypted: not a sops document

            """))
        #expect(!text.out.contains("ls-value") && !text.err.contains("ls-value"))

        let json = try repo.gitsops(["ls", "--json"])
        #expect(json.status == 0, "\(json.err)")
        let files = try Self.files(json)
        #expect(files.map { $0["path"] as? String } == ["secrets/db.yaml", "secrets/other/api.json", "secrets/plain.env"])
        let db = files[0]
        #expect(db["encrypted"] as? Bool == true && db["can_decrypt"] as? Bool == true && db["matches_rule"] as? Bool == true)
        #expect((db["rule"] as? [String: Any])?["path_regex"] as? String == "^secrets/")
        #expect(db["key_groups"] as? [[[String: String]]] == [[["type": "age", "recipient": repo.recipient]]])
        #expect((db["lastmodified"] as? String).map { "  lastmodified: \($0)" } == String(lastmodified))
        #expect(db["shamir_threshold"] as? Int == 0 && db["problem"] is NSNull && db["decrypt_problem"] is NSNull)
        #expect(files[1]["can_decrypt"] as? Bool == false)
        #expect((files[1]["decrypt_problem"] as? String)?.contains("none of the 1 age identities from SOPS_AGE_KEY_FILE") == true)
        #expect(files[2]["encrypted"] as? Bool == false && files[2]["can_decrypt"] is NSNull && files[2]["lastmodified"] is NSNull)
        #expect(!json.out.contains("ls-value"))
    }

    @Test func revisionsPathsAndNoAccessCheck() throws {
        let (repo, _) = try Self.repository()
        // Without any key: the files are listed, none opens.
        let keyless = try Self.files(try repo.gitsops(["ls", "--json", "secrets/db.yaml"], environment: repo.withoutKey))
        #expect(keyless.count == 1 && keyless[0]["can_decrypt"] as? Bool == false)
        let unchecked = try Self.files(try repo.gitsops(["ls", "--json", "--no-access-check"]))
        #expect(unchecked.allSatisfy { $0["can_decrypt"] is NSNull })
        let committed = try repo.gitsops(["ls", "--json", "--rev", "HEAD", "other"], in: "repo/secrets")
        let object = try #require(try JSONSerialization.jsonObject(with: committed.stdout) as? [String: Any])
        #expect(object["revision"] as? String == "HEAD")
        #expect(try Self.files(committed).map { $0["path"] as? String } == ["secrets/other/api.json"])
        // A rule change shows as a mismatch until updatekeys.
        try repo.write(".sops.yaml", "creation_rules:\n  - path_regex: ^secrets/\n    age: \(repo.recipient)\n")
        let changed = try repo.gitsops(["ls", "secrets/other/"])
        #expect(changed.out.contains("  rule: ^secrets/ (the file names other keys: run `gitsops updatekeys secrets/other/api.json`)\n"))
        let empty = try repo.gitsops(["ls", "--rev", "HEAD", "nothing/"])
        #expect(empty.status == 0 && empty.out == "" && empty.err == "gitsops: no filtered files at HEAD\n")
    }
}
