import Foundation
import TestSupport
import Testing

/// What kubeseal users rely on, through `kubectl secrets seal`: --raw, --merge-into, --re-encrypt
/// (the controller's /v1/rotate), --validate (/v1/verify) and --fetch-cert, checked with the
/// independent implementation (Tests/Tools/sealed_secrets_ref.py) and the loopback controller.
@Suite struct BridgeSealModesTests {
    typealias Bridge = BridgeCLITests

    /// The JSON objects `sealed_secrets_ref.py unseal` prints (exit status first).
    static func unseal(_ key: String, _ file: String, _ extra: [String] = []) throws -> (Int32, [[String: Any]]) {
        let result = try Bridge.reference(["unseal", key, file] + extra)
        let objects = result.status == 0 ? (try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]]) ?? [] : []
        return (result.status, objects)
    }

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// A kubeconfig for `server` in `dir`.
    static func kubeconfig(_ dir: TemporaryDirectory, _ server: TestServer) throws -> String {
        try dir.file("kubeconfig", contents: """
            apiVersion: v1
            kind: Config
            clusters: [{name: local, cluster: {server: "\(server.url)"}}]
            contexts: [{name: local, context: {cluster: local, user: nobody, namespace: team-a}}]
            current-context: local
            users: [{name: nobody, user: {}}]
            """)
        return "kubeconfig"
    }

    /// `--raw`: one value in base64 without a newline, as kubeseal prints it, bound per scope.
    @Test func rawSealsOneValueForEachScope() throws {
        let dir = try Bridge.workspace()
        #expect(try Bridge.reference(["keygen", dir.path + "/keys"]).status == 0)
        try dir.file("password.txt", contents: "raw-s3cret\n")
        for (scope, annotations) in [("strict", ""), ("namespace-wide", "    sealedsecrets.bitnami.com/namespace-wide: \"true\"\n"),
                                     ("cluster-wide", "    sealedsecrets.bitnami.com/cluster-wide: \"true\"\n")] {
            let sealed = try Bridge.plugin(dir, ["seal", "--raw", "--name", "db", "-n", "prod", "--scope", scope,
                                                 "--from-file", "password=password.txt", "--cert", "keys/cert.pem"])
            #expect(sealed.status == 0, "\(sealed.err)")
            #expect(!sealed.out.isEmpty && !sealed.out.hasSuffix("\n") && Data(base64Encoded: sealed.out) != nil, "\(sealed.out)")
            #expect(sealed.err.isEmpty)
            // The value opens inside a SealedSecret of that name, namespace and scope, and only where the scope allows.
            let file = try dir.file("raw-\(scope).yaml", contents: """
                apiVersion: bitnami.com/v1alpha1
                kind: SealedSecret
                metadata:
                  name: db
                  namespace: prod
                \(annotations.isEmpty ? "" : "  annotations:\n" + annotations)spec:
                  encryptedData:
                    password: \(sealed.out)
                """)
            let (status, objects) = try Self.unseal(dir.path + "/keys/key.pem", file.path)
            #expect(status == 0)
            #expect(objects.first?["data"] as? [String: String] == ["password": Self.base64("raw-s3cret\n")])
            #expect(try Self.unseal(dir.path + "/keys/key.pem", file.path, ["--as-name", "db2"]).0 == (scope == "strict" ? 1 : 0))
            #expect(try Self.unseal(dir.path + "/keys/key.pem", file.path, ["--as-namespace", "dev"]).0 == (scope == "cluster-wide" ? 0 : 1))
        }
        // From standard input when no --from-file is given.
        let piped = try Command.run(dir.path + "/kubectl-secrets", ["seal", "--raw", "--scope", "cluster-wide", "--cert", "keys/cert.pem"],
                                    in: dir.url, environment: Bridge.env(dir), stdin: Data("piped".utf8))
        #expect(piped.status == 0, "\(piped.err)")
        #expect(Data(base64Encoded: piped.out) != nil)
        // Strict scope binds the name: without one it is a usage error.
        let nameless = try Bridge.plugin(dir, ["seal", "--raw", "-n", "prod", "--from-file", "password.txt", "--cert", "keys/cert.pem"])
        #expect(nameless.status == 2)
        #expect(nameless.err.hasPrefix("Error: --raw with strict scope needs --name"), "\(nameless.err)")
    }

    /// `--merge-into`: the Secret's keys added or updated in an existing SealedSecret file, sealed
    /// for its name, namespace and scope; the other keys (their ciphertext) and the layout kept.
    @Test func mergeIntoAddsAndUpdatesKeysOfASealedSecretFile() throws {
        let dir = try Bridge.workspace()
        #expect(try Bridge.reference(["keygen", dir.path + "/keys"]).status == 0)
        let sealed = try Bridge.plugin(dir, ["seal", "secrets/db.yaml", "--cert", "keys/cert.pem", "--scope", "namespace-wide", "-n", "prod"])
        #expect(sealed.status == 0, "\(sealed.err)")
        let original = "# sealed for prod, do not edit by hand\n" + sealed.out
        try dir.file("sealed/db.yaml", contents: original)
        let tlsLine = try #require(original.split(separator: "\n").first { $0.contains("tls.key: ") })
        try dir.file("more.yaml", contents: """
            apiVersion: v1
            kind: Secret
            metadata:
              name: whatever
              namespace: elsewhere
              labels: {tier: db}
            stringData:
              password: merged-Pa55
              api-key: new-key-9z

            """)
        let merged = try Bridge.plugin(dir, ["seal", "more.yaml", "--merge-into", "sealed/db.yaml", "--cert", "keys/cert.pem"])
        #expect(merged.status == 0, "\(merged.err)")
        #expect(merged.out.isEmpty)
        #expect(merged.err == "kubectl secrets: merged api-key, password into sealed/db.yaml\n")
        let text = try String(contentsOfFile: dir.path + "/sealed/db.yaml", encoding: .utf8)
        #expect(text.hasPrefix("# sealed for prod, do not edit by hand\napiVersion: bitnami.com/v1alpha1\n"), "\(text)")
        #expect(text.contains(String(tlsLine) + "\n"))
        #expect(!text.contains("merged-Pa55") && !text.contains("whatever") && !text.contains("elsewhere"))
        let (status, objects) = try Self.unseal(dir.path + "/keys/key.pem", dir.path + "/sealed/db.yaml")
        #expect(status == 0)
        #expect(objects.first?["name"] as? String == "db" && objects.first?["namespace"] as? String == "prod")
        #expect(objects.first?["scope"] as? String == "namespace-wide")
        #expect(objects.first?["data"] as? [String: String] == ["password": Self.base64("merged-Pa55"), "tls.key": "LS0tLS1CRUdJTg==",
                                                               "api-key": Self.base64("new-key-9z")])
        let labels = ((objects.first?["template"] as? [String: Any])?["metadata"] as? [String: Any])?["labels"] as? [String: String]
        #expect(labels == ["app": "api", "tier": "db"])

        // Another scope would leave the existing values unopenable: refused, the file untouched.
        let mixed = try Bridge.plugin(dir, ["seal", "more.yaml", "--merge-into", "sealed/db.yaml", "--cert", "keys/cert.pem", "--scope", "strict"])
        #expect(mixed.status == 1)
        #expect(mixed.err.hasPrefix("kubectl secrets: error: sealed/db.yaml: the SealedSecret is namespace-wide; sealing strict values into it"),
                "\(mixed.err)")
        #expect(try String(contentsOfFile: dir.path + "/sealed/db.yaml", encoding: .utf8) == text)
    }

    /// `--re-encrypt` and `--validate` through the controller (kubectl create --raw to its service
    /// proxy): after the controller renewed its key, files sealed with the old one are sealed again
    /// with the new one, in place; --validate tells which files the controller can open.
    @Test func reEncryptAndValidateGoThroughTheController() async throws {
        let dir = try Bridge.workspace()
        #expect(try Bridge.reference(["keygen", dir.path + "/old"]).status == 0)
        #expect(try Bridge.reference(["keygen", dir.path + "/new"]).status == 0)
        #expect(try Bridge.reference(["keygen", dir.path + "/foreign"]).status == 0)
        let api = try await TestServer.start("sealed_secrets_api.py", [dir.path + "/new/cert.pem", "infra/sealer",
                                                                        "--key", dir.path + "/old/key.pem", "--key", dir.path + "/new/key.pem"])
        defer { api.stop() }
        let kubeconfig = try Self.kubeconfig(dir, api)
        let controller = ["--controller-name", "sealer", "--controller-namespace", "infra", "--kubeconfig", kubeconfig]
        for (name, key) in [("db.yaml", "old"), ("foreign.yaml", "foreign")] {
            let sealed = try Bridge.plugin(dir, ["seal", "secrets/db.yaml", "--cert", "\(key)/cert.pem", "-n", "prod"])
            #expect(sealed.status == 0, "\(sealed.err)")
            try dir.file("sealed/" + name, contents: sealed.out)
        }
        let before = try String(contentsOfFile: dir.path + "/sealed/db.yaml", encoding: .utf8)

        let valid = try Bridge.plugin(dir, ["seal", "--validate", "sealed/db.yaml"] + controller)
        #expect(valid.status == 0, "\(valid.err)")
        #expect(valid.out.isEmpty && valid.err.isEmpty)
        let invalid = try Bridge.plugin(dir, ["seal", "--validate", "sealed/db.yaml", "sealed/foreign.yaml"] + controller)
        #expect(invalid.status == 1)
        #expect(invalid.err == """
            kubectl secrets: sealed/foreign.yaml: SealedSecret prod/db cannot be unsealed by the controller infra/sealer
            kubectl secrets: error: 1 of 2 SealedSecrets cannot be unsealed by the controller infra/sealer
            kubectl secrets: hint: sealed with another cluster's key, or for another name or namespace than the SealedSecret has

            """)

        let reencrypted = try Bridge.plugin(dir, ["seal", "--re-encrypt", "sealed/db.yaml"] + controller)
        #expect(reencrypted.status == 0, "\(reencrypted.err)")
        #expect(reencrypted.err == "kubectl secrets: re-encrypted 1 SealedSecret in sealed/db.yaml\n")
        let after = try String(contentsOfFile: dir.path + "/sealed/db.yaml", encoding: .utf8)
        #expect(after != before)
        // Only the encryptedData values changed.
        #expect(after.split(separator: "\n").filter { !$0.contains(": Ag") } == before.split(separator: "\n").filter { !$0.contains(": Ag") })
        let opened = try Self.unseal(dir.path + "/new/key.pem", dir.path + "/sealed/db.yaml")
        #expect(opened.0 == 0)
        #expect(opened.1.first?["data"] as? [String: String] == Bridge.expectedValues)
        #expect(try Self.unseal(dir.path + "/old/key.pem", dir.path + "/sealed/db.yaml").0 == 1)

        // What the controller cannot open it cannot re-encrypt: the file stays as it was.
        let foreign = try String(contentsOfFile: dir.path + "/sealed/foreign.yaml", encoding: .utf8)
        let refused = try Bridge.plugin(dir, ["seal", "--re-encrypt", "sealed/foreign.yaml"] + controller)
        #expect(refused.status == 1)
        #expect(refused.err.hasPrefix("kubectl secrets: error: sealed/foreign.yaml: cannot re-encrypt through the controller infra/sealer: kubectl create --raw exited with status 1"),
                "\(refused.err)")
        #expect(try String(contentsOfFile: dir.path + "/sealed/foreign.yaml", encoding: .utf8) == foreign)

        let posts = try #require(try await api.send("requests")["posts"] as? [String])
        #expect(Set(posts) == ["/api/v1/namespaces/infra/services/http:sealer:/proxy/v1/verify",
                               "/api/v1/namespaces/infra/services/http:sealer:/proxy/v1/rotate"])
    }

    @Test func fetchCertPrintsTheControllersCertificate() async throws {
        let dir = try Bridge.workspace()
        #expect(try Bridge.reference(["keygen", dir.path + "/keys"]).status == 0)
        let api = try await TestServer.start("sealed_secrets_api.py", [dir.path + "/keys/cert.pem"])
        defer { api.stop() }
        let kubeconfig = try Self.kubeconfig(dir, api)
        let pem = try String(contentsOfFile: dir.path + "/keys/cert.pem", encoding: .utf8)
        let fetched = try Bridge.plugin(dir, ["seal", "--fetch-cert", "--kubeconfig", kubeconfig])
        #expect(fetched.status == 0, "\(fetched.err)")
        #expect(fetched.out == pem)
        let fromURL = try Bridge.plugin(dir, ["seal", "--fetch-cert", "--cert", api.url + "/v1/cert.pem"])
        #expect(fromURL.out == pem)
    }

    @Test func modesThatDoNotFitTogetherAreUsageErrors() throws {
        let dir = try Bridge.workspace()
        for arguments in [["seal", "--raw", "--re-encrypt"], ["seal", "--raw", "--name", "x", "secrets/db.yaml"],
                          ["seal", "secrets/db.yaml", "--from-file", "x"], ["seal", "secrets/db.yaml", "--name", "x"],
                          ["seal", "--re-encrypt", "sealed.yaml", "--cert", "c.pem"], ["seal", "--validate"],
                          ["seal", "--validate", "sealed.yaml", "--scope", "strict"],
                          ["seal", "secrets/db.yaml", "--merge-into", "sealed.yaml", "-o", "out"], ["seal", "--fetch-cert", "secrets/db.yaml"]] {
            let result = try Bridge.plugin(dir, arguments)
            #expect(result.status == 2, "\(arguments): \(result.err)")
            #expect(result.out.isEmpty)
        }
    }
}
