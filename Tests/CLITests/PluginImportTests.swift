import Foundation
import TestSupport
import Testing

/// `kubectl secrets import`: live Secrets into encrypted files, then `diff` shows no change.
@Suite struct PluginImportTests {
    static func secret(_ name: String, namespace: String = "prod", type: String = "Opaque", data: [String: String]) -> [String: Any] {
        [
            "apiVersion": "v1", "kind": "Secret", "type": type,
            "metadata": [
                "name": name, "namespace": namespace, "labels": ["app": "web"],
                "annotations": ["team": "web",
                                "kubectl.kubernetes.io/last-applied-configuration": #"{"kind":"Secret","data":{"password":"b2xk"}}"#],
                "ownerReferences": [["apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": "0000"]],
                "managedFields": [["manager": "kubectl-create", "operation": "Update"]],
            ] as [String: Any],
            "data": data.mapValues { Data($0.utf8).base64EncodedString() },
        ]
    }

    static var live: [[String: Any]] { [
        secret("db", data: ["password": "import-pw-1", "user": "admin"]),
        secret("api", data: ["token": "import-token-2"]),
        secret("default-token", type: "kubernetes.io/service-account-token", data: ["token": "import-sa-3"]),
        secret("db", namespace: "staging", data: ["password": "import-staging-4"]),
    ] }

    static func setUp() throws -> (repo: GitsopsRepository, plugin: String, server: KubeAPIServer) {
        let (repo, plugin) = try PluginDoctorTests.repository()
        #expect(try repo.gitsops(["cluster", "add", "prod-web", "--dir", "secrets/web", "--age", repo.recipient]).status == 0)
        return (repo, plugin, try KubeAPIServer(in: repo.sandbox.root, seed: live))
    }

    static func run(_ repo: GitsopsRepository, _ plugin: String, _ server: KubeAPIServer, _ arguments: [String]) throws -> Command.Result {
        try repo.sandbox.run(plugin, arguments, in: "repo", environment: repo.withKey.merging(["KUBECONFIG": server.kubeconfig.path]) { $1 })
    }

    @Test func importsEncryptedWithoutWhatTheServerOwnsAndDiffShowsNoChange() throws {
        let (repo, plugin, server) = try Self.setUp()
        defer { server.stop() }
        let imported = try Self.run(repo, plugin, server, ["import", "secret/db", "-n", "prod", "-o", "secrets/web/db.yaml"])
        #expect(imported.status == 0, "\(imported.err)")
        #expect(imported.err == "secret/db written to secrets/web/db.yaml (encrypted)\n")
        let stored = String(decoding: try repo.read("secrets/web/db.yaml"), as: UTF8.self)
        #expect(stored.contains("ENC[AES256_GCM") && !stored.contains("import-pw-1") && !stored.contains(Data("import-pw-1".utf8).base64EncodedString()))
        #expect(stored.contains("recipient: \(repo.recipient)"))
        let view = try Self.run(repo, plugin, server, ["view", "secrets/web/db.yaml"])
        #expect(view.out == """
            apiVersion: v1
            data:
              password: \(Data("import-pw-1".utf8).base64EncodedString())
              user: \(Data("admin".utf8).base64EncodedString())
            kind: Secret
            metadata:
              annotations:
                team: web
              labels:
                app: web
              name: db
              namespace: prod
            type: Opaque

            """)
        let diff = try Self.run(repo, plugin, server, ["diff", "secrets/web/db.yaml"])
        #expect(diff.status == 0, "\(diff.out)\(diff.err)")
        #expect(diff.out == "")
        // What create writes: the same rule, the same layout of metadata.
        let created = try Self.run(repo, plugin, server, ["create", "db", "-n", "prod", "--from-literal", "password=x", "-o", "secrets/web/created.yaml"])
        #expect(created.status == 0)
        for file in ["secrets/web/created.yaml", "secrets/web/db.yaml"] {
            let text = String(decoding: try repo.read(file), as: UTF8.self)
            #expect(text.contains("    encrypted_regex: ^(data|stringData)$\n") && text.contains("recipient: \(repo.recipient)"))
        }

        // Refuses to overwrite; --keep-owner-references keeps them.
        let again = try Self.run(repo, plugin, server, ["import", "secret/db", "-n", "prod", "-o", "secrets/web/db.yaml"])
        #expect(again.status == 1)
        #expect(again.err.contains("kubectl secrets: error: secrets/web/db.yaml: already exists"))
        let kept = try Self.run(repo, plugin, server, ["import", "secret/db", "-n", "prod", "-o", "secrets/web/db.yaml", "--overwrite", "--keep-owner-references"])
        #expect(kept.status == 0)
        #expect(try Self.run(repo, plugin, server, ["view", "secrets/web/db.yaml"]).out.contains("  ownerReferences:\n  - apiVersion: v1\n"))
        #expect(try server.requests().allSatisfy { ($0["method"] as? String) == "GET" || ($0["query"] as? [String: String])?["dryRun"] == "All" })
    }

    @Test func allIntoADirectoryAndSeveralIntoOneFile() throws {
        let (repo, plugin, server) = try Self.setUp()
        defer { server.stop() }
        let all = try Self.run(repo, plugin, server, ["import", "--all", "-n", "prod", "-o", "secrets/web/"])
        #expect(all.status == 0, "\(all.err)")
        #expect(all.err == """
            skipped secret/default-token (type kubernetes.io/service-account-token: its controller writes it)
            secret/api written to secrets/web/api.yaml (encrypted)
            secret/db written to secrets/web/db.yaml (encrypted)

            """)
        let diff = try Self.run(repo, plugin, server, ["diff", "secrets/web/"])
        #expect(diff.status == 0, "\(diff.out)\(diff.err)")

        let both = try Self.run(repo, plugin, server, ["import", "secret/db", "secrets/api", "-n", "prod", "-o", "secrets/web/both.yaml"])
        #expect(both.status == 0, "\(both.err)")
        #expect(both.err == "secret/db, secret/api written to secrets/web/both.yaml (encrypted)\n")
        let view = try Self.run(repo, plugin, server, ["view", "secrets/web/both.yaml"]).out
        #expect(view.contains("  name: api\n") && view.contains("\n---\n") && view.contains("  name: db\n"))
        #expect(try Self.run(repo, plugin, server, ["diff", "secrets/web/both.yaml"]).status == 0)

        let missing = try Self.run(repo, plugin, server, ["import", "secret/db", "secret/nope", "-n", "prod", "-o", "secrets/web/x.yaml"])
        #expect(missing.status == 1)
        #expect(missing.err.contains("secret/nope not found in namespace prod"))
        #expect(!FileManager.default.fileExists(atPath: repo.sandbox.url("repo/secrets/web/x.yaml").path))
        let usage = try Self.run(repo, plugin, server, ["import", "secret/db", "--all", "-o", "x.yaml"])
        #expect(usage.status == 2)
        let wrongKind = try Self.run(repo, plugin, server, ["import", "configmap/db", "-o", "x.yaml"])
        #expect(wrongKind.status == 1 && wrongKind.err.contains("\"configmap/db\" does not name a Secret"))
    }
}
