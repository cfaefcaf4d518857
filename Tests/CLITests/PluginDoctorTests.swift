import Foundation
import TestSupport
import Testing

/// `kubectl secrets doctor` against the loopback API server: Flux Kustomizations, the
/// kustomize-controller's ServiceAccount and Deployment, decryption Secrets. Read-only.
@Suite struct PluginDoctorTests {
    static let arn = ClusterCommandTests.arn
    static let role = ClusterCommandTests.role

    /// A file encrypted for the cluster's KMS key and role, as sops writes it (no KMS is called:
    /// doctor reads only the metadata, and the filter stores a sops document as it is).
    static func kmsDocument(arn: String = arn) -> String {
        let enc = "ENC[AES256_GCM,data:3q2+7w==,iv:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]"
        return """
            apiVersion: v1
            kind: Secret
            metadata:
                name: db
            data:
                password: \(enc)
            sops:
                kms:
                    - arn: \(arn)
                      role: \(role)
                      created_at: "2026-01-01T00:00:00Z"
                      enc: AQICAHg=
                      aws_profile: ""
                lastmodified: "2026-01-01T00:00:00Z"
                mac: \(enc)
                encrypted_regex: ^(data|stringData)$
                version: 3.13.2

            """
    }

    /// A repository with `secrets/prod/` under the cluster's KMS rule (one file) and `secrets/dev/`
    /// under an age rule (one file), committed; `kubectl-secrets` linked in the sandbox.
    static func repository() throws -> (repo: GitsopsRepository, plugin: String) {
        let repo = try GitsopsRepository()
        #expect(try repo.gitsops(["cluster", "add", "prod", "--kms", arn, "--role", role]).status == 0)
        #expect(try repo.gitsops(["cluster", "add", "dev", "--age", repo.recipient]).status == 0)
        try repo.write("secrets/prod/db.yaml", kmsDocument())
        try repo.write("secrets/dev/db.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: doctor-1\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-qm", "clusters"])
        let plugin = repo.sandbox.url("bin/kubectl-secrets").path
        try FileManager.default.createDirectory(at: repo.sandbox.url("bin"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: plugin, withDestinationPath: GitsopsBinary.url.path)
        return (repo, plugin)
    }

    static func kustomization(_ name: String, path: String, decryption: [String: Any]?) -> [String: Any] {
        var spec: [String: Any] = ["path": path, "interval": "10m", "sourceRef": ["kind": "GitRepository", "name": "flux-system"]]
        spec["decryption"] = decryption
        return ["apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization",
                "metadata": ["name": name, "namespace": "flux-system"], "spec": spec]
    }

    static func serviceAccount(_ name: String, annotations: [String: String] = [:]) -> [String: Any] {
        ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": name, "namespace": "flux-system", "annotations": annotations]]
    }

    static var controller: [String: Any] { [
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "kustomize-controller", "namespace": "flux-system"],
        "spec": ["template": ["metadata": ["annotations": ["iam.amazonaws.com/role": "flux-secrets"]]]],
    ] }

    static var ageSecret: [String: Any] { [
        "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "sops-age", "namespace": "flux-system"],
        "data": ["age.agekey": Data("AGE-SECRET-KEY-DOCTOR-NEVER-PRINTED".utf8).base64EncodedString()],
    ] }

    static func doctor(_ repo: GitsopsRepository, _ plugin: String, _ server: KubeAPIServer, _ arguments: [String] = []) throws -> Command.Result {
        try repo.sandbox.run(plugin, ["doctor"] + arguments, in: "repo",
                             environment: repo.withKey.merging(["KUBECONFIG": server.kubeconfig.path]) { $1 })
    }

    @Test func everythingInPlacePasses() throws {
        let (repo, plugin) = try Self.repository()
        let server = try KubeAPIServer(in: repo.sandbox.root, seed: [
            Self.kustomization("prod-secrets", path: "./secrets/prod", decryption: ["provider": "sops"]),
            Self.kustomization("dev-secrets", path: "secrets/dev/", decryption: ["provider": "sops", "secretRef": ["name": "sops-age"]]),
            Self.serviceAccount("kustomize-controller", annotations: ["eks.amazonaws.com/role-arn": Self.role]),
            Self.ageSecret,
        ])
        defer { server.stop() }
        let result = try Self.doctor(repo, plugin, server)
        #expect(result.status == 0, "\(result.out)\(result.err)")
        #expect(result.out == """
            ok: kustomization flux-system/dev-secrets (spec.path secrets/dev/) deploys 1 encrypted file with sops decryption
            ok: secret flux-system/sops-age holds a .agekey key for 1 encrypted file with age keys
            ok: kustomization flux-system/prod-secrets (spec.path ./secrets/prod) deploys 1 encrypted file with sops decryption
            ok: serviceaccount flux-system/kustomize-controller has IRSA role \(Self.role)

            """)
        #expect(result.err == "")
        // Read-only, and the decryption key never left kubectl.
        let requests = try server.requests()
        #expect(requests.allSatisfy { ($0["method"] as? String) == "GET" })
        #expect(!result.out.contains("AGE-SECRET-KEY") && !result.err.contains("AGE-SECRET-KEY"))

        let prodOnly = try Self.doctor(repo, plugin, server, ["secrets/prod"])
        #expect(prodOnly.status == 0)
        #expect(prodOnly.out.split(separator: "\n").count == 2)
    }

    @Test func eachGapIsOneLineWithItsFix() throws {
        let (repo, plugin) = try Self.repository()
        // The rule now names another key than the file holds.
        let sopsConfig = String(decoding: try repo.read(".sops.yaml"), as: UTF8.self)
        try repo.write(".sops.yaml", sopsConfig.replacing(Self.arn, with: Self.arn.replacing("1234abcd", with: "99999999")))
        let server = try KubeAPIServer(in: repo.sandbox.root, seed: [
            Self.kustomization("prod-secrets", path: "./secrets/prod", decryption: nil),
            Self.kustomization("everything", path: "./", decryption: ["provider": "sops"]),
            Self.serviceAccount("kustomize-controller"),
        ])
        defer { server.stop() }
        let result = try Self.doctor(repo, plugin, server)
        #expect(result.status == 1)
        let other = Self.arn.replacing("1234abcd", with: "99999999")
        #expect(result.out == """
            problem: secrets/prod/db.yaml is encrypted for \(Self.arn) but its .sops.yaml rule names \(other); fix: gitsops updatekeys secrets/prod/db.yaml && git commit
            ok: kustomization flux-system/everything (spec.path ./) deploys 2 encrypted files with sops decryption
            problem: kustomize-controller in flux-system has no IAM role (no eks.amazonaws.com/role-arn on its serviceaccount, no iam.amazonaws.com/role on its pods): it cannot call KMS; fix: gitsops cluster flux NAME --flux-role \(Self.role) (commit the ServiceAccount patch), or kubectl -n flux-system annotate serviceaccount kustomize-controller eks.amazonaws.com/role-arn=\(Self.role) && kubectl -n flux-system rollout restart deployment kustomize-controller
            problem: kustomization flux-system/everything has no spec.decryption.secretRef for 1 encrypted file with age keys; fix: kubectl -n flux-system create secret generic sops-keys --from-file=key.agekey=KEYFILE && kubectl -n flux-system patch kustomization everything --type merge -p '{"spec":{"decryption":{"secretRef":{"name":"sops-keys"}}}}'
            problem: kustomization flux-system/prod-secrets (spec.path ./secrets/prod) deploys 1 encrypted file but does not decrypt them (spec.decryption.provider is not sops); fix: kubectl -n flux-system patch kustomization prod-secrets --type merge -p '{"spec":{"decryption":{"provider":"sops"}}}' (and commit it)

            """)
        #expect(result.err == "kubectl secrets doctor: 4 problems for 2 encrypted files\n")
    }

    @Test func kiamADecryptionServiceAccountAndUncoveredDirectories() throws {
        let (repo, plugin) = try Self.repository()
        let server = try KubeAPIServer(in: repo.sandbox.root, seed: [
            Self.kustomization("prod-secrets", path: "./secrets/prod", decryption: ["provider": "sops"]),
            Self.controller,
            Self.kustomization("tenant", path: "./secrets/dev", decryption: ["provider": "sops", "serviceAccountName": "tenant-sops",
                                                                             "secretRef": ["name": "missing"]]),
        ])
        defer { server.stop() }
        let kiam = try Self.doctor(repo, plugin, server, ["secrets/prod"])
        #expect(kiam.status == 0, "\(kiam.out)")
        #expect(kiam.out.hasSuffix("ok: deployment flux-system/kustomize-controller has kiam role flux-secrets\n"))
        let dev = try Self.doctor(repo, plugin, server, ["secrets/dev"])
        #expect(dev.status == 1)
        #expect(dev.out.contains("problem: secret flux-system/missing (spec.decryption.secretRef) does not exist for 1 encrypted file with age keys; fix: kubectl -n flux-system create secret generic missing --from-file=key.agekey=KEYFILE --dry-run=client -o yaml | kubectl apply -f -\n"))

        // A directory no Kustomization covers, and a path with nothing encrypted.
        try repo.write("secrets/new/db.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: doctor-2\n")
        try repo.git(["add", "."])
        let uncovered = try Self.doctor(repo, plugin, server, ["secrets/new"])
        #expect(uncovered.status == 1)
        #expect(uncovered.out == "problem: no Flux Kustomization's spec.path covers secrets/new/ (1 encrypted file); fix: gitsops cluster flux new --dir secrets/new | kubectl apply -f - (and commit it to your Flux repository)\n")
        let nothing = try Self.doctor(repo, plugin, server, ["hooks"])
        #expect(nothing.status == 1)
        #expect(nothing.err.contains("kubectl secrets: error: hooks: no encrypted file git tracks here"))
    }

    @Test func theManifestsClusterFluxPrintsSatisfyIt() throws {
        let (repo, plugin) = try Self.repository()
        let server = try KubeAPIServer(in: repo.sandbox.root, seed: [Self.serviceAccount("kustomize-controller")])
        defer { server.stop() }
        let env: [String: String?] = ["KUBECONFIG": server.kubeconfig.path]
        let before = try Self.doctor(repo, plugin, server, ["secrets/prod"])
        #expect(before.status == 1)
        let manifests = try repo.gitsops(["cluster", "flux", "prod", "--flux-role", Self.role])
        let applied = try repo.sandbox.run("kubectl", ["apply", "-f", "-"], in: "repo", environment: env, stdin: manifests.stdout)
        #expect(applied.status == 0, "\(applied.err)")
        let after = try Self.doctor(repo, plugin, server, ["secrets/prod"])
        #expect(after.status == 0, "\(after.out)")
        #expect(after.out == """
            ok: kustomization flux-system/prod-secrets (spec.path ./secrets/prod) deploys 1 encrypted file with sops decryption
            ok: serviceaccount flux-system/kustomize-controller has IRSA role \(Self.role)

            """)
    }
}
