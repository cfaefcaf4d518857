import Foundation
import TestSupport
import Testing

/// New encrypted files (`create`, `edit NEWFILE`) follow the `.sops.yaml` creation rules.
@Suite struct PluginCreateTests {
    @Test func createWritesWhatKubectlWouldPrintEncryptedPerSopsYaml() throws {
        let sandbox = try PluginSandbox()
        try sandbox.writeSopsConfig()
        let arguments = ["db", "--from-literal", "user=admin", "--from-literal", "password=s3cret", "--type", "kubernetes.io/basic-auth", "-n", "prod"]
        let result = try sandbox.run(["create"] + arguments + ["-o", "secrets/db.yaml"])
        #expect(result.status == 0, "\(result.err)")
        let stored = try String(contentsOf: sandbox.repo.appendingPathComponent("secrets/db.yaml"), encoding: .utf8)
        #expect(stored.contains("password: ENC[AES256_GCM,") && stored.contains(PluginSandbox.ageRecipient))
        #expect(!stored.contains(Data("s3cret".utf8).base64EncodedString()))
        let kubectl = try Command.run("kubectl", ["create", "secret", "generic"] + arguments + ["--dry-run=client", "-o", "yaml"],
                                      environment: sandbox.environment)
        #expect(kubectl.status == 0, "\(kubectl.err)")
        #expect(try sandbox.plaintext("secrets/db.yaml") == kubectl.out)
        // The independent implementation reads it too.
        let data = try sandbox.decrypt("secrets/db.yaml")["data"] as? [String: String]
        #expect(data?["password"] == Data("s3cret".utf8).base64EncodedString())
    }

    @Test func createWithoutMatchingRuleWritesNothing() throws {
        let sandbox = try PluginSandbox()
        let missing = try sandbox.run(["create", "db", "--from-literal", "a=b", "-o", "secrets/db.yaml"])
        #expect(missing.status != 0)
        #expect(missing.err.contains("no .sops.yaml"))
        try sandbox.writeSopsConfig()
        let unmatched = try sandbox.run(["create", "db", "--from-literal", "a=b", "-o", "other.yaml"])
        #expect(unmatched.status != 0)
        #expect(unmatched.err.contains("no matching creation rules found"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.repo.appendingPathComponent("secrets/db.yaml").path))
        #expect(!FileManager.default.fileExists(atPath: sandbox.repo.appendingPathComponent("other.yaml").path))
    }

    @Test func editOfANewFileStartsFromATemplateAndEncryptsPerRule() throws {
        let sandbox = try PluginSandbox()
        try sandbox.writeSopsConfig()
        let runtime = URL(fileURLWithPath: "/dev/shm/gitsops-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: runtime) }
        let editor = try sandbox.script("editor.sh", "sed -i 's/^  key: value$/  password: hunter2/' \"$1\"")
        let result = try sandbox.run(["edit", "secrets/api-token.yaml"], environment: ["EDITOR": editor, "XDG_RUNTIME_DIR": runtime.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(try sandbox.plaintext("secrets/api-token.yaml") == """
            apiVersion: v1
            kind: Secret
            metadata:
              name: api-token
            type: Opaque
            data:
              password: \(Data("hunter2".utf8).base64EncodedString())

            """)
        let stored = try String(contentsOf: sandbox.repo.appendingPathComponent("secrets/api-token.yaml"), encoding: .utf8)
        #expect(stored.contains("password: ENC[AES256_GCM,"))
    }
}
