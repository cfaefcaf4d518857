import Foundation
import TestSupport
import Testing

/// `view`, `apply` and `diff` as a user runs them: the real kubectl against a loopback API server.
@Suite struct PluginClusterTests {
    @Test func viewDecryptsAndDecodes() throws {
        let sandbox = try PluginSandbox()
        try sandbox.writeSecret("db", data: ["password": "s3cret", "user": "admin"])
        let plain = try sandbox.run(["view", "secrets/db.json"])
        #expect(plain.status == 0, "\(plain.err)")
        #expect(plain.out.contains("\"password\": \"czNjcmV0\""))
        #expect(!plain.out.contains("ENC["))
        let decoded = try sandbox.run(["view", "secrets/", "--decode"])
        #expect(decoded.out == """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: default
            stringData:
              password: s3cret
              user: admin

            """)
    }

    @Test func viewAtRevisionReadsTheCommittedBlob() throws {
        let sandbox = try PluginSandbox()
        try sandbox.writeSecret("db", data: ["password": "first"])
        try sandbox.git(["add", "."])
        try sandbox.git(["commit", "-qm", "one"])
        try sandbox.writeSecret("db", data: ["password": "second"])
        let old = try sandbox.run(["view", "secrets/db.json", "--rev", "HEAD", "--decode"])
        #expect(old.status == 0, "\(old.err)")
        #expect(old.out.contains("password: first"))
        let diff = try sandbox.run(["diff", "--git", "secrets/"])
        #expect(diff.status == 1, "\(diff.err)")
        #expect(diff.out == "Secret default/db: changed\n  ~ data.password: changed\n")
        let shown = try sandbox.run(["diff", "--git", "--rev", "HEAD", "--show-values"])
        #expect(shown.out == "Secret default/db: changed\n  ~ data.password: \"first\" => \"second\"\n")
    }

    @Test func pathWithoutEncryptedFilesIsAnError() throws {
        let sandbox = try PluginSandbox()
        try Data("{\"kind\":\"Secret\"}".utf8).write(to: sandbox.repo.appendingPathComponent("secrets/plain.json"))
        let result = try sandbox.run(["apply", "secrets/"])
        #expect(result.status == 1)
        #expect(result.err.contains("kubectl secrets: error: secrets/: no encrypted manifest found"))
    }

    @Test func applyPipesPlaintextToKubectlAndDiffReportsMaskedKeys() throws {
        let sandbox = try PluginSandbox()
        let server = try KubeAPIServer(in: sandbox.root, seed: [[
            "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "db", "namespace": "default"],
            "data": ["password": Data("old".utf8).base64EncodedString(), "stale": Data("x".utf8).base64EncodedString()],
        ]])
        defer { server.stop() }
        try sandbox.writeSecret("db", data: ["password": "s3cret", "user": "admin"])
        try sandbox.writeSecret("api", data: ["token": "t0ken"])
        let env: [String: String?] = ["KUBECONFIG": server.kubeconfig.path]

        let masked = try sandbox.run(["diff", "secrets/"], environment: env)
        #expect(masked.status == 1, "\(masked.err)")
        // `type: Opaque` is the server's default, reported because the dry run shows it.
        #expect(masked.out == """
            Secret default/api: created
              + data.token: added
              + type: added
            Secret default/db: changed
              ~ data.password: changed
              + data.user: added

            """)
        #expect(!masked.out.contains("s3cret") && !masked.out.contains("old"))
        let unmasked = try sandbox.run(["diff", "secrets/", "--show-values"], environment: env)
        #expect(unmasked.out.contains("~ data.password: \"old\" => \"s3cret\""))
        #expect(unmasked.out.contains("+ data.user: \"admin\""))
        // diff only dry-runs: nothing changed on the server.
        #expect(try server.requests().allSatisfy { ($0["method"] as! String) == "GET" || ($0["query"] as! [String: String])["dryRun"] == "All" })

        let applied = try sandbox.run(["apply", "secrets/", "--server-side", "-n", "default"], environment: env)
        #expect(applied.status == 0, "\(applied.err)")
        #expect(applied.out.contains("secret/db serverside-applied"))
        let patches = try server.requests().filter { ($0["method"] as! String) == "PATCH" && ($0["query"] as! [String: String])["dryRun"] == nil }
        #expect(patches.count == 2)
        #expect(patches.allSatisfy { ($0["contentType"] as? String) == "application/apply-patch+yaml" })
        let db = try server.objects().first { ($0["metadata"] as! [String: Any])["name"] as? String == "db" }
        let data = db?["data"] as? [String: String] ?? [:]
        #expect(data["password"] == Data("s3cret".utf8).base64EncodedString())
        #expect(data["user"] == Data("admin".utf8).base64EncodedString())

        let after = try sandbox.run(["diff", "secrets/"], environment: env)
        #expect(after.status == 0, "\(after.out)\(after.err)")
        #expect(after.out == "")
    }

    @Test func applyPassesDryRunAndRefusesUnsafePrune() throws {
        let sandbox = try PluginSandbox()
        let server = try KubeAPIServer(in: sandbox.root)
        defer { server.stop() }
        try sandbox.writeSecret("db", data: ["password": "s3cret"])
        let env: [String: String?] = ["KUBECONFIG": server.kubeconfig.path]
        let dryRun = try sandbox.run(["apply", "secrets/db.json", "--dry-run=server"], environment: env)
        #expect(dryRun.status == 0, "\(dryRun.err)")
        #expect(dryRun.out.contains("secret/db created (server dry run)"))
        #expect(try server.objects().isEmpty)
        let prune = try sandbox.run(["apply", "secrets/", "--prune"], environment: env)
        #expect(prune.status == 1)
        #expect(prune.err.contains("--prune needs --selector (-l)"))
    }

    @Test func diffErrorsExitAboveOne() throws {
        let sandbox = try PluginSandbox()
        try sandbox.writeSecret("db", data: ["password": "s3cret"])
        let result = try sandbox.run(["diff", "secrets/"], environment: ["KUBECONFIG": "/nonexistent/kubeconfig"])
        #expect(result.status == 2)
        #expect(!result.out.contains("s3cret") && !result.err.contains("s3cret"))
    }
}
