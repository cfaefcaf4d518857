import Foundation
import Bridges
import KubectlPlugin
import LosslessYAML
import TestSupport
import Testing

/// `push --secrets-manager` against moto's Secrets Manager (IAM and SigV4 enforced), read back
/// with boto3.
@Suite struct SecretsManagerPushTests {
    /// moto with its users and role.
    struct Moto {
        let server: TestServer
        let users: [String: [String: String]]
        let role: String

        init() async throws {
            server = try await TestServer.start("aws_secretsmanager.py")
            users = try #require(server.info["users"] as? [String: [String: String]])
            role = try #require((server.info["roles"] as? [String: String])?["secrets-writer"])
        }

        /// The child environment: `user`'s keys, every AWS endpoint at moto, no other AWS settings.
        func environment(user: String = "writer", _ extra: [String: String] = [:]) -> [String: String] {
            ["AWS_ACCESS_KEY_ID": users[user]?["id"] ?? "", "AWS_SECRET_ACCESS_KEY": users[user]?["secret"] ?? "",
             "AWS_ENDPOINT_URL": server.url, "AWS_EC2_METADATA_DISABLED": "true", "AWS_REGION": "eu-west-1"]
                .merging(extra) { _, new in new }
        }

        /// boto3's view of a secret.
        func get(_ name: String, region: String = "eu-west-1") async throws -> TestServer.Reply {
            try await server.send("get \(region) \(name)")
        }
    }

    /// Runs `push` in `dir` with `environment` added to the fixtures' environment.
    static func push(_ dir: TemporaryDirectory, _ environment: [String: String], paths: [String] = ["secrets/db.yaml"],
                     prefix: String = "", role: String = "", dryRun: Bool = false, output: String? = nil,
                     esoAPIVersion: ExternalSecretsAPIVersion = .v1) async throws -> BridgeFixtures.Captured {
        let (context, captured) = BridgeFixtures.context(dir, environment: environment)
        try await PushCommand(paths: paths, prefix: prefix, role: role, refreshInterval: "15m", esoAPIVersion: esoAPIVersion, dryRun: dryRun,
                              outputDirectory: output, kubectl: Kubectl(environment: context.environment, options: KubectlOptions()))
            .run(context)
        return captured
    }

    static func json(_ reply: TestServer.Reply) throws -> [String: String] {
        let text = try #require(reply["string"] as? String)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
    }

    /// A git repository around `dir` with everything committed; returns HEAD.
    static func commitAll(_ dir: TemporaryDirectory, message: String) throws -> String {
        let env: [String: String?] = ["HOME": dir.path, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
                                      "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com",
                                      "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"]
        for arguments in [["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", message]] {
            let result = try Command.run("git", arguments, in: dir.url, environment: env)
            #expect(result.status == 0, "\(result.err)")
        }
        return try Command.run("git", ["rev-parse", "HEAD"], in: dir.url, environment: env).out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func createsThenUpdatesAndTheManifestsReferenceExactlyWhatWasWritten() async throws {
        let moto = try await Moto()
        defer { moto.server.stop() }
        let dir = try TemporaryDirectory("push")
        try await BridgeFixtures.encryptedFile(dir, "secrets/db.yaml", BridgeFixtures.secretYAML)
        let first = try Self.commitAll(dir, message: "db")

        let created = try await Self.push(dir, moto.environment(), prefix: "apps/")
        #expect(created.notices.contains("created apps/prod/db in eu-west-1 (3 keys)"))
        var remote = try await moto.get("apps/prod/db")
        // The blob is not UTF-8: it travels base64 and the ExternalSecret decodes it.
        #expect(try Self.json(remote) == ["blob": "AAEC/w==", "username": "admin", "password": "hunter2-correct-horse"])
        #expect(remote["tags"] as? [String: String] == ["gitsops:source": "secrets/db.yaml", "gitsops:commit": first])
        #expect(remote["versions"] as? Int == 1)

        let documents = try BridgeFixtures.documents(created.text)
        #expect(documents.map { $0["kind"] } == [.string("SecretStore"), .string("ExternalSecret")])
        let store = documents[0]
        #expect(store["apiVersion"] == .string("external-secrets.io/v1"))
        #expect(store[path: "metadata", "name"] == .string("aws-secrets-manager") && store[path: "metadata", "namespace"] == .string("prod"))
        #expect(store[path: "spec", "provider", "aws", "service"] == .string("SecretsManager"))
        #expect(store[path: "spec", "provider", "aws", "region"] == .string("eu-west-1"))
        // IRSA as ESO v1 documents it: a service account in the store's namespace.
        #expect(store[path: "spec", "provider", "aws", "auth"] == .mapping([YAMLPair(.string("jwt"), .mapping([
            YAMLPair(.string("serviceAccountRef"), .mapping([YAMLPair(.string("name"), .string("external-secrets"))]))]))]))
        let external = documents[1]
        #expect(external["apiVersion"] == .string("external-secrets.io/v1"))
        #expect(external[path: "metadata", "name"] == .string("db") && external[path: "metadata", "namespace"] == .string("prod"))
        #expect(external[path: "spec", "refreshInterval"] == .string("15m"))
        #expect(external[path: "spec", "secretStoreRef"] == .mapping([YAMLPair(.string("name"), .string("aws-secrets-manager")),
                                                                     YAMLPair(.string("kind"), .string("SecretStore"))]))
        #expect(external[path: "spec", "target", "name"] == .string("db"))
        #expect(external[path: "spec", "target", "immutable"] == .bool(true))
        #expect(external[path: "spec", "target", "template", "type"] == .string("kubernetes.io/basic-auth"))
        #expect(external[path: "spec", "target", "template", "metadata", "labels"] == .mapping([YAMLPair(.string("app"), .string("api"))]))
        let data = try #require(external[path: "spec", "data"])
        guard case .sequence(let entries) = data else { Issue.record("spec.data is not a list"); return }
        let references = entries.map { entry in
            [entry["secretKey"]?.string, entry[path: "remoteRef", "key"]?.string, entry[path: "remoteRef", "property"]?.string,
             entry[path: "remoteRef", "decodingStrategy"]?.string]
        }
        #expect(references == [["blob", "apps/prod/db", "blob", "Base64"], ["username", "apps/prod/db", "username", nil],
                               ["password", "apps/prod/db", "password", nil]])
        #expect(!created.text.contains("hunter2") && !created.text.contains("last-applied"))

        // Change a value, commit, push again: a new version with the new value and the new commit.
        try await BridgeFixtures.encryptedFile(dir, "secrets/db.yaml",
                                               BridgeFixtures.secretYAML.replacingOccurrences(of: "password: hunter2-correct-horse", with: "password: rotated"))
        let second = try Self.commitAll(dir, message: "rotate")
        let updated = try await Self.push(dir, moto.environment(), prefix: "apps/")
        #expect(updated.notices.contains("updated apps/prod/db in eu-west-1 (3 keys)"))
        remote = try await moto.get("apps/prod/db")
        #expect(try Self.json(remote)["password"] == "rotated")
        #expect(remote["versions"] as? Int == 2)
        #expect((remote["tags"] as? [String: String])?["gitsops:commit"] == second)
        #expect(second != first)
    }

    @Test func v1beta1KeepsTheOldAPIVersionForOlderOperators() async throws {
        let moto = try await Moto()
        defer { moto.server.stop() }
        let dir = try TemporaryDirectory("push-v1beta1")
        try await BridgeFixtures.encryptedFile(dir, "secrets/db.yaml", BridgeFixtures.secretYAML)
        let pushed = try await Self.push(dir, moto.environment(), esoAPIVersion: .v1beta1)
        let documents = try BridgeFixtures.documents(pushed.text)
        #expect(documents.map { $0["kind"] } == [.string("SecretStore"), .string("ExternalSecret")])
        #expect(documents.allSatisfy { $0["apiVersion"] == .string("external-secrets.io/v1beta1") })
    }

    @Test func dryRunPrintsNamesAndKeysOnlyAndWritesNothing() async throws {
        let moto = try await Moto()
        defer { moto.server.stop() }
        let dir = try TemporaryDirectory("push-dry")
        try await BridgeFixtures.encryptedFile(dir, "secrets/db.yaml", BridgeFixtures.secretYAML)
        let captured = try await Self.push(dir, moto.environment(), dryRun: true, output: "manifests")
        #expect(captured.text == "would write prod/db in eu-west-1 from secrets/db.yaml: keys blob, username, password\n")
        for value in ["hunter2", "admin", "AAEC"] {
            #expect(!captured.text.contains(value) && !captured.notices.joined().contains(value))
        }
        #expect(try await moto.get("prod/db")["missing"] as? Bool == true)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/manifests"))
    }

    @Test func writesThroughAnAssumedRoleAndExplainsADenial() async throws {
        let moto = try await Moto()
        defer { moto.server.stop() }
        let dir = try TemporaryDirectory("push-role")
        try await BridgeFixtures.encryptedFile(dir, "secrets/db.yaml", BridgeFixtures.secretYAML)
        _ = try await Self.push(dir, moto.environment(user: "assumer"), role: moto.role, output: "manifests")
        #expect(try Self.json(try await moto.get("prod/db"))["username"] == "admin")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/manifests").sorted() == ["db.yaml", "secret-store.yaml"])
        // Outside a repository the source tag is the path as given, and there is no commit tag.
        #expect(try await moto.get("prod/db")["tags"] as? [String: String] == ["gitsops:source": "secrets/db.yaml"])

        do {
            _ = try await Self.push(dir, moto.environment(user: "assumer"))
            Issue.record("pushed without permission")
        } catch let error as KubectlPluginError {
            #expect(error.code == .remote)
            #expect(error.path == "secrets/db.yaml")
            #expect(error.message.hasPrefix("secretsmanager prod/db: AWS Secrets Manager denied CreateSecret as environment variables"))
            #expect(error.hint == "allow secretsmanager:CreateSecret, PutSecretValue and TagResource on prod/db for environment variables")
        }
    }

    @Test func theSecretsManagerEndpointVariableWins() async throws {
        let moto = try await Moto()
        defer { moto.server.stop() }
        let dir = try TemporaryDirectory("push-endpoint")
        try await BridgeFixtures.encryptedFile(dir, "secrets/app.yaml", """
            apiVersion: v1
            kind: Secret
            metadata: {name: app, namespace: team-b}
            stringData: {token: t0k3n}
            """)
        let dead = "http://127.0.0.1:\(try FreePort.next())"
        _ = try await Self.push(dir, moto.environment(["AWS_ENDPOINT_URL": dead, "AWS_ENDPOINT_URL_SECRETSMANAGER": moto.server.url]),
                                paths: ["secrets/app.yaml"])
        #expect(try Self.json(try await moto.get("team-b/app")) == ["token": "t0k3n"])
    }
}
