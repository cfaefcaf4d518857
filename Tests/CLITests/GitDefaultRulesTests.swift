import Foundation
import TestSupport
import Testing

/// The rules `gitsops init --age` writes: Flux-ready Secrets, everything else fully encrypted, and
/// no file stored with every value in clear.
@Suite struct GitDefaultRulesTests {
    static let secret = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
        stringData:
          password: pw-default-rule-41d7

        """

    /// A repository with init's own `.sops.yaml` (the fixture replaces it; put it back).
    static func repository() throws -> GitsopsRepository {
        let repo = try GitsopsRepository(initialize: false)
        let result = try repo.gitsops(["init", "--age", repo.recipient])
        #expect(result.status == 0, "\(result.err)")
        return repo
    }

    @Test func aSecretKeepsItsKubernetesFieldsInClearForFlux() throws {
        let repo = try Self.repository()
        try repo.write("secrets/db.yaml", Array(Self.secret.utf8))
        try repo.write("secrets/app.env", Array("API_KEY=key-default-rule-93b1\n".utf8))
        try repo.git(["add", "."])
        let stored = try repo.git(["cat-file", "-p", ":secrets/db.yaml"]).out
        #expect(stored.hasPrefix("apiVersion: v1\nkind: Secret\nmetadata:\n    name: db\nstringData:\n    password: ENC[AES256_GCM,"))
        let env = try repo.git(["cat-file", "-p", ":secrets/app.env"]).out
        #expect(env.hasPrefix("API_KEY=ENC[AES256_GCM,"))
        #expect(!stored.contains("pw-default-rule") && !env.contains("key-default-rule"))
    }

    @Test func aYAMLFileTheRuleWouldLeaveAllInClearIsRefused() throws {
        let repo = try Self.repository()
        try repo.write("secrets/values.yaml", Array("database:\n  password: pw-helm-values-2c8e\n".utf8))
        let objectsBefore = try repo.git(["count-objects", "-v"]).out
        let add = try repo.tryGit(["add", "secrets/values.yaml"])
        #expect(add.status != 0)
        #expect(add.err.contains("gitsops: error: secrets/values.yaml: the .sops.yaml rule for this file encrypts none of its 1 values"))
        #expect(add.err.contains("gitsops: hint: widen the rule's encrypted_regex"))
        #expect(try repo.git(["ls-files", "--stage"]).out.isEmpty)
        #expect(try repo.git(["count-objects", "-v"]).out == objectsBefore)
    }
}
