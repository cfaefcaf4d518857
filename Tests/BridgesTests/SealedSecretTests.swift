import Foundation
import Bridges
import KubectlPlugin
import LosslessYAML
import TestSupport
import Testing

/// `seal` and `unseal` against an independent implementation of the sealed-secrets scheme.
@Suite struct SealedSecretTests {
    /// Seals `secrets/db.yaml` (encrypted with sops) with the test certificate.
    static func seal(_ dir: TemporaryDirectory, scope: SealingScope?, namespace: String? = nil,
                     paths: [String] = ["secrets/db.yaml"], output: String? = nil) async throws -> (String, BridgeFixtures.Captured) {
        let keys = try SealingKeyPair.shared.get()
        let (context, captured) = BridgeFixtures.context(dir)
        let command = SealCommand(paths: paths, certificate: .file(keys.certPath), scope: scope, namespace: namespace,
                                  outputDirectory: output, kubectl: Kubectl(environment: context.environment, options: KubectlOptions()))
        try await command.run(context)
        return (captured.text, captured)
    }

    /// The reference unsealer's result for a SealedSecret file.
    static func referenceUnseal(_ file: URL, _ extra: [String] = []) throws -> (status: Int32, objects: [[String: Any]]) {
        let result = try BridgeFixtures.reference(["unseal", try SealingKeyPair.shared.get().keyPath, file.path] + extra)
        guard result.status == 0 else { return (result.status, []) }
        return (0, try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]]))
    }

    static func decoded(_ data: Any?) throws -> [String: [UInt8]] {
        let strings = try #require(data as? [String: String])
        return try strings.mapValues { try #require(Data(base64Encoded: $0)).map { $0 } }
    }

    @Test(arguments: SealingScope.allCases)
    func theIndependentUnsealerOpensEveryScope(scope: SealingScope) async throws {
        let dir = try TemporaryDirectory("seal")
        try await BridgeFixtures.encryptedFile(dir, "secrets/db.yaml", BridgeFixtures.secretYAML)
        let (sealed, captured) = try await Self.seal(dir, scope: scope)
        #expect(captured.notices == ["secrets/db.yaml: skipped 1 document(s) that are not Secrets"])

        let file = try dir.file("sealed.yaml", contents: sealed)
        let (status, objects) = try Self.referenceUnseal(file)
        #expect(status == 0)
        let object = try #require(objects.first)
        #expect(objects.count == 1)
        #expect(object["scope"] as? String == scope.rawValue)
        #expect(try Self.decoded(object["data"]) == BridgeFixtures.secretValues)

        // The manifest has what the controller reads.
        let document = try #require(try BridgeFixtures.documents(sealed).first)
        #expect(document["apiVersion"] == .string("bitnami.com/v1alpha1"))
        #expect(document["kind"] == .string("SealedSecret"))
        #expect(document[path: "metadata", "name"] == .string("db"))
        #expect(document[path: "metadata", "namespace"] == .string("prod"))
        let scopeAnnotations: [YAMLPair] = switch scope {
        case .strict: []
        case .namespaceWide: [YAMLPair(.string("sealedsecrets.bitnami.com/namespace-wide"), .string("true"))]
        case .clusterWide: [YAMLPair(.string("sealedsecrets.bitnami.com/cluster-wide"), .string("true"))]
        }
        #expect(document[path: "metadata", "annotations"]?.mapping ?? [] == scopeAnnotations)
        #expect(document[path: "spec", "encryptedData"]?.mapping?.map(\.key) == ["blob", "password", "username"].map { .string($0) })
        let template = try #require(document[path: "spec", "template"])
        #expect(template["type"] == .string("kubernetes.io/basic-auth"))
        #expect(template["immutable"] == .bool(true))
        #expect(template[path: "metadata", "name"] == .string("db"))
        #expect(template[path: "metadata", "namespace"] == .string("prod"))
        #expect(template[path: "metadata", "labels"] == .mapping([YAMLPair(.string("app"), .string("api"))]))
        #expect(template[path: "metadata", "annotations"]?.mapping == [YAMLPair(.string("owner"), .string("team-a"))] + scopeAnnotations)

        // No plaintext, in any encoding, anywhere in the output.
        for value in ["hunter2-correct-horse", Data("hunter2-correct-horse".utf8).base64EncodedString(), "admin", "last-applied"] {
            #expect(!sealed.contains(value))
        }
    }

    @Test func strictScopeOpensOnlyUnderItsNameAndNamespace() async throws {
        let dir = try TemporaryDirectory("seal-strict")
        try await BridgeFixtures.encryptedFile(dir, "secrets/db.yaml", BridgeFixtures.secretYAML)
        var files: [SealingScope: URL] = [:]
        for scope in SealingScope.allCases {
            files[scope] = try dir.file("\(scope.rawValue).yaml", contents: try await Self.seal(dir, scope: scope).0)
        }
        let strict = try #require(files[.strict]), namespaceWide = try #require(files[.namespaceWide])
        let clusterWide = try #require(files[.clusterWide])
        #expect(try Self.referenceUnseal(strict, ["--as-namespace", "staging"]).status == 1)
        #expect(try Self.referenceUnseal(strict, ["--as-name", "db2"]).status == 1)
        #expect(try Self.referenceUnseal(namespaceWide, ["--as-name", "db2"]).status == 0)
        #expect(try Self.referenceUnseal(namespaceWide, ["--as-namespace", "staging"]).status == 1)
        #expect(try Self.referenceUnseal(clusterWide, ["--as-namespace", "staging", "--as-name", "db2"]).status == 0)
    }

    @Test func ownUnsealRoundTripsWithAPEMKeyOrTheControllersKeySecrets() async throws {
        let dir = try TemporaryDirectory("unseal")
        let keys = try SealingKeyPair.shared.get()
        try await BridgeFixtures.encryptedFile(dir, "secrets/db.yaml", BridgeFixtures.secretYAML)
        try dir.file("sealed.yaml", contents: try await Self.seal(dir, scope: .namespaceWide).0)
        // The controller's key backup: a List of kubernetes.io/tls Secrets (another key first).
        let otherKey = try dir.file("other/key.pem")
        #expect(try BridgeFixtures.reference(["keygen", otherKey.deletingLastPathComponent().path]).status == 0)
        let tlsKey = { (path: String) in try Data(contentsOf: URL(fileURLWithPath: path)).base64EncodedString() }
        try dir.file("backup.yaml", contents: """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: Secret
                metadata: {name: sealed-secrets-key-old, namespace: kube-system}
                type: kubernetes.io/tls
                data: {tls.key: \(try tlsKey(otherKey.path))}
              - apiVersion: v1
                kind: Secret
                metadata: {name: sealed-secrets-key-new, namespace: kube-system}
                type: kubernetes.io/tls
                data: {tls.key: \(try tlsKey(keys.keyPath))}
            """)
        for keyFile in [keys.keyPath, "backup.yaml"] {
            let (context, captured) = BridgeFixtures.context(dir)
            try await UnsealCommand(paths: ["sealed.yaml"], keyFiles: [keyFile]).run(context)
            let secret = try #require(try BridgeFixtures.documents(captured.text).first)
            #expect(secret["apiVersion"] == .string("v1") && secret["kind"] == .string("Secret"))
            #expect(secret[path: "metadata", "name"] == .string("db") && secret[path: "metadata", "namespace"] == .string("prod"))
            #expect(secret["type"] == .string("kubernetes.io/basic-auth"))
            let data = try #require(secret["data"]?.mapping)
            var values: [String: [UInt8]] = [:]
            for pair in data {
                let encoded = try #require(pair.value.string)
                values[try #require(pair.key.string)] = try #require(Data(base64Encoded: encoded)).map { $0 }
            }
            #expect(values == BridgeFixtures.secretValues)
        }
    }

    @Test func ownUnsealOpensWhatTheIndependentSealerSealedAndRefusesAMovedSecret() async throws {
        let dir = try TemporaryDirectory("unseal-ref")
        let keys = try SealingKeyPair.shared.get()
        let sealed = try BridgeFixtures.reference(["seal", keys.certPath, "prod", "api", "strict"],
                                                  stdin: #"{"token": "c2VjcmV0LXRva2Vu"}"#)
        #expect(sealed.status == 0, "\(sealed.err)")
        let values = try #require(try JSONSerialization.jsonObject(with: sealed.stdout) as? [String: String])
        for (file, namespace) in [("ok.yaml", "prod"), ("moved.yaml", "staging")] {
            try dir.file(file, contents: """
                apiVersion: bitnami.com/v1alpha1
                kind: SealedSecret
                metadata: {name: api, namespace: \(namespace)}
                spec:
                  encryptedData: {token: \(try #require(values["token"]))}
                  template: {metadata: {name: api, namespace: \(namespace)}}
                """)
        }
        let (context, captured) = BridgeFixtures.context(dir)
        try await UnsealCommand(paths: ["ok.yaml"], keyFiles: [keys.keyPath]).run(context)
        #expect(try BridgeFixtures.documents(captured.text).first?[path: "data", "token"] == .string("c2VjcmV0LXRva2Vu"))
        await #expect(throws: KubectlPluginError.self) { try await UnsealCommand(paths: ["moved.yaml"], keyFiles: [keys.keyPath]).run(context) }
        do {
            try await UnsealCommand(paths: ["moved.yaml"], keyFiles: [keys.keyPath]).run(context)
        } catch {
            #expect(error.code == .unsealFailed)
            #expect(error.path == "moved.yaml")
            #expect(error.message == "cannot unseal token of SealedSecret staging/api (strict scope)")
        }
    }

    @Test func aSecretWithoutNamespaceTakesTheGivenOne() async throws {
        let dir = try TemporaryDirectory("seal-ns")
        try await BridgeFixtures.encryptedFile(dir, "secrets/app.yaml", """
            apiVersion: v1
            kind: Secret
            metadata: {name: app}
            stringData: {key: value}
            """)
        let (sealed, _) = try await Self.seal(dir, scope: nil, namespace: "team-b", paths: ["secrets/app.yaml"])
        let (status, objects) = try Self.referenceUnseal(try dir.file("sealed.yaml", contents: sealed))
        #expect(status == 0)
        #expect(objects.first?["namespace"] as? String == "team-b")
        #expect(try Self.decoded(objects.first?["data"]) == ["key": Array("value".utf8)])
    }

    @Test func theSecretsOwnScopeAnnotationAppliesWithoutScopeFlag() async throws {
        let dir = try TemporaryDirectory("seal-annotated")
        try await BridgeFixtures.encryptedFile(dir, "secrets/app.yaml", """
            apiVersion: v1
            kind: Secret
            metadata:
              name: app
              namespace: prod
              annotations: {sealedsecrets.bitnami.com/cluster-wide: "true"}
            stringData: {key: value}
            """)
        let (sealed, _) = try await Self.seal(dir, scope: nil, paths: ["secrets/app.yaml"])
        let file = try dir.file("sealed.yaml", contents: sealed)
        #expect(try Self.referenceUnseal(file).objects.first?["scope"] as? String == "cluster-wide")
        #expect(try Self.referenceUnseal(file, ["--as-namespace", "elsewhere"]).status == 0)
    }

    @Test func outputDirectoryGetsOneFilePerInputAndNeverAnInput() async throws {
        let dir = try TemporaryDirectory("seal-dir")
        try await BridgeFixtures.encryptedFile(dir, "secrets/db.yaml", BridgeFixtures.secretYAML)
        try await BridgeFixtures.encryptedFile(dir, "secrets/api.json", #"{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "api", "namespace": "prod"}, "stringData": {"token": "t0k3n"}}"#)
        let (stdout, captured) = try await Self.seal(dir, scope: nil, paths: ["secrets/db.yaml", "secrets/api.json"], output: "sealed")
        #expect(stdout.isEmpty)
        #expect(captured.notices.contains("wrote sealed/db.yaml") && captured.notices.contains("wrote sealed/api.yaml"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/sealed").sorted() == ["api.yaml", "db.yaml"])
        let api = try Self.referenceUnseal(dir.url.appendingPathComponent("sealed/api.yaml"))
        #expect(try Self.decoded(api.objects.first?["data"]) == ["token": Array("t0k3n".utf8)])

        let before = try Data(contentsOf: dir.url.appendingPathComponent("secrets/db.yaml"))
        await #expect(throws: KubectlPluginError.self) { _ = try await Self.seal(dir, scope: nil, output: "secrets") }
        #expect(try Data(contentsOf: dir.url.appendingPathComponent("secrets/db.yaml")) == before)
    }

    @Test func anExpiredCertificateIsRefused() async throws {
        let dir = try TemporaryDirectory("seal-expired")
        try await BridgeFixtures.encryptedFile(dir, "secrets/db.yaml", BridgeFixtures.secretYAML)
        let keys = try SealingKeyPair.shared.get()
        let (context, captured) = BridgeFixtures.context(dir)
        let command = SealCommand(paths: ["secrets/db.yaml"], certificate: .file(keys.expiredCertPath), scope: nil, namespace: nil,
                                  outputDirectory: nil, kubectl: Kubectl(environment: context.environment, options: KubectlOptions()))
        do {
            try await command.run(context)
            Issue.record("sealed with an expired certificate")
        } catch {
            #expect(error.code == .invalidKey)
            #expect(error.message.hasPrefix("the sealing certificate from \(keys.expiredCertPath) expired on "))
        }
        #expect(captured.text.isEmpty)
    }

    @Test func theCertificateComesFromTheControllerThroughKubectlOrFromAURL() async throws {
        let keys = try SealingKeyPair.shared.get()
        let api = try await TestServer.start("sealed_secrets_api.py", [keys.certPath, "sealing/sealer"])
        defer { api.stop() }
        let dir = try TemporaryDirectory("seal-kubectl")
        try await BridgeFixtures.encryptedFile(dir, "secrets/db.yaml", BridgeFixtures.secretYAML)
        try dir.file("kubeconfig", contents: """
            apiVersion: v1
            kind: Config
            clusters: [{name: local, cluster: {server: "\(api.url)"}}]
            contexts: [{name: local, context: {cluster: local, user: nobody}}]
            current-context: local
            users: [{name: nobody, user: {}}]
            """)
        let (context, captured) = BridgeFixtures.context(dir)
        let kubectl = Kubectl(environment: context.environment, options: { var options = KubectlOptions(); options.kubeconfig = dir.path + "/kubeconfig"; return options }())
        for source in [CertificateSource.controller(name: "sealer", namespace: "sealing"), .url(api.url + "/v1/cert.pem")] {
            captured.out.withLock { $0 = [] }
            try await SealCommand(paths: ["secrets/db.yaml"], certificate: source, scope: .strict, namespace: nil,
                                  outputDirectory: nil, kubectl: kubectl).run(context)
            let (status, objects) = try Self.referenceUnseal(try dir.file("sealed.yaml", contents: captured.text))
            #expect(status == 0)
            #expect(try Self.decoded(objects.first?["data"]) == BridgeFixtures.secretValues)
        }
        let paths = try #require(try await api.send("requests")["paths"] as? [String])
        // kubectl may ask for the server version first.
        #expect(paths.filter { !$0.hasPrefix("/version") } == ["/api/v1/namespaces/sealing/services/http:sealer:/proxy/v1/cert.pem", "/v1/cert.pem"])

        do {
            try await SealCommand(paths: ["secrets/db.yaml"], certificate: .controller(name: "missing", namespace: "sealing"),
                                  scope: nil, namespace: nil, outputDirectory: nil, kubectl: kubectl).run(context)
            Issue.record("a missing controller gave a certificate")
        } catch {
            #expect(error.code == .remote)
            #expect(error.message.hasPrefix("cannot fetch the certificate of sealing/missing: kubectl get --raw exited with status 1"))
            #expect(error.hint == "check --controller-name and --controller-namespace, or pass --cert")
        }
    }
}
