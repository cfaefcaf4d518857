import Foundation
import Bridges
import KubectlPlugin
import TestSupport
import Testing

/// `seal` reads its inputs through the plugin's loader: plaintext files the user names, directories
/// of encrypted manifests, and `--rev`.
@Suite struct BridgeInputTests {
    /// The Secret names and decoded values of a seal run, opened by the independent unsealer.
    static func unsealed(_ dir: TemporaryDirectory, _ sealed: String) throws -> [String: [String: [UInt8]]] {
        let file = try dir.file("out-\(UUID().uuidString).yaml", contents: sealed)
        let (status, objects) = try SealedSecretTests.referenceUnseal(file)
        #expect(status == 0)
        var result: [String: [String: [UInt8]]] = [:]
        for object in objects {
            let name = try #require(object["name"] as? String)
            result[name] = try SealedSecretTests.decoded(object["data"])
        }
        return result
    }

    @Test func aPlaintextSecretFileTheUserNamesIsSealed() async throws {
        let dir = try TemporaryDirectory("seal-plain")
        try dir.file("secrets/db.yaml", contents: BridgeFixtures.secretYAML)  // untracked, never encrypted
        let (sealed, _) = try await SealedSecretTests.seal(dir, scope: .strict)
        #expect(try Self.unsealed(dir, sealed)["db"] == BridgeFixtures.secretValues)
    }

    @Test func aDirectoryContributesItsEncryptedSecretsOnly() async throws {
        let dir = try TemporaryDirectory("seal-dir")
        try await BridgeFixtures.encryptedFile(dir, "secrets/db.yaml", BridgeFixtures.secretYAML)
        try await BridgeFixtures.encryptedFile(dir, "secrets/app/api.yaml", BridgeFixtures.secretYAML.replacing("name: db", with: "name: api"))
        try await BridgeFixtures.encryptedFile(dir, "secrets/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n")
        try dir.file("secrets/plain.yaml", contents: BridgeFixtures.secretYAML.replacing("name: db", with: "name: plain"))
        let (sealed, captured) = try await SealedSecretTests.seal(dir, scope: .strict, paths: ["secrets"])
        #expect(try Set(Self.unsealed(dir, sealed).keys) == ["db", "api"])
        #expect(captured.notices.contains("secrets/config.yaml: skipped, no v1 Secret in it"))
    }

    @Test func revSealsTheFileAsCommitted() async throws {
        let dir = try TemporaryDirectory("seal-rev")
        try await BridgeFixtures.encryptedFile(dir, "secrets/db.yaml", BridgeFixtures.secretYAML)
        _ = try SecretsManagerPushTests.commitAll(dir, message: "db")
        try await BridgeFixtures.encryptedFile(dir, "secrets/db.yaml", BridgeFixtures.secretYAML.replacing("name: db", with: "name: renamed"))
        let keys = try SealingKeyPair.shared.get()
        let (context, captured) = BridgeFixtures.context(dir)
        try await SealCommand(paths: ["secrets/db.yaml"], revision: "HEAD", certificate: .file(keys.certPath), scope: .strict,
                              namespace: nil, outputDirectory: nil,
                              kubectl: Kubectl(environment: context.environment, options: KubectlOptions())).run(context)
        #expect(try Set(Self.unsealed(dir, captured.text).keys) == ["db"])
    }
}
