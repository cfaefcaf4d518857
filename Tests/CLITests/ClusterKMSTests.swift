import Foundation
import TestSupport
import Testing

/// The production workflow end to end, AWS against moto (IAM enforced) and the cluster against the
/// loopback API server: `cluster add` with the cluster's key and role, a Secret committed through
/// the filter, `ls` naming key and role and whether this user can decrypt it, `cluster flux`
/// applied, `doctor` satisfied, and an existing Secret imported.
@Suite(.serialized) struct ClusterKMSTests {
    @Test func fromClusterAddToDoctorWithTheClustersKMSKeyAndRole() async throws {
        let aws = try await LocalAWS()
        defer { aws.stop() }
        let role = try #require(aws.roles["cluster"])
        let repo = try GitsopsRepository("gitsops-cluster-kms")
        let home = try #require(repo.sandbox.environment["HOME"] ?? nil)
        let env = aws.environment(home: home)

        let add = try repo.gitsops(["cluster", "add", "us-east-1-sbx", "--kms", aws.key, "--role", role, "--context", "cluster=sbx"],
                                   environment: env)
        #expect(add.status == 0, "\(add.err)")
        try repo.write("secrets/us-east-1-sbx/db.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: default\nstringData:\n  password: kms-cluster-1\n")
        try repo.git(["add", "."], environment: env)
        try repo.git(["commit", "-qm", "sbx db"], environment: env)
        #expect(!(try repo.allObjects()).contains("kms-cluster-1"))

        let listed = try repo.gitsops(["ls", "--json", "secrets/us-east-1-sbx/"], environment: env)
        #expect(listed.status == 0, "\(listed.err)")
        let files = try GitLsTests.files(listed)
        #expect(files.count == 1)
        #expect(files.first?["key_groups"] as? [[NSDictionary]] == [[[
            "type": "kms", "arn": aws.key, "role": role, "context": ["cluster": "sbx"], "aws_profile": "",
        ] as NSDictionary]])
        #expect(files.first?["can_decrypt"] as? Bool == true)
        #expect(files.first?["matches_rule"] as? Bool == true)
        let text = try repo.gitsops(["ls", "secrets/us-east-1-sbx/"], environment: env)
        #expect(text.out.contains("  key: kms \(aws.key) role \(role) context cluster=sbx\n  lastmodified: "))
        #expect(text.out.hasSuffix("  you can decrypt: yes\n"))
        let keyless = try GitLsTests.files(try repo.gitsops(["ls", "--json", "secrets/us-east-1-sbx/"],
                                                            environment: aws.environment(home: home, credentials: false)))
        #expect(keyless.first?["can_decrypt"] as? Bool == false)

        // The cluster side: Flux wired with `cluster flux`, then doctor is satisfied.
        let server = try KubeAPIServer(in: repo.sandbox.root, seed: [
            ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "kustomize-controller", "namespace": "flux-system"]],
            ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "api", "namespace": "default", "resourceVersion": "7"],
             "data": ["token": Data("kms-cluster-2".utf8).base64EncodedString()]],
        ])
        defer { server.stop() }
        let kube = env.merging(["KUBECONFIG": server.kubeconfig.path]) { $1 }
        let manifests = try repo.gitsops(["cluster", "flux", "us-east-1-sbx", "--flux-role", role])
        #expect(try repo.sandbox.run("kubectl", ["apply", "-f", "-"], in: "repo", environment: kube, stdin: manifests.stdout).status == 0)
        let plugin = repo.sandbox.url("kubectl-secrets").path
        try FileManager.default.createSymbolicLink(atPath: plugin, withDestinationPath: GitsopsBinary.url.path)
        let doctor = try repo.sandbox.run(plugin, ["doctor", "secrets/us-east-1-sbx"], in: "repo", environment: kube)
        #expect(doctor.status == 0, "\(doctor.out)\(doctor.err)")
        #expect(doctor.out.contains("ok: serviceaccount flux-system/kustomize-controller has IRSA role \(role)\n"))

        // Migrating a Secret created by hand: encrypted for the cluster's key, no change in the cluster.
        let imported = try repo.sandbox.run(plugin, ["import", "secret/api", "-o", "secrets/us-east-1-sbx/api.yaml"], in: "repo", environment: kube)
        #expect(imported.status == 0, "\(imported.err)")
        let stored = String(decoding: try repo.read("secrets/us-east-1-sbx/api.yaml"), as: UTF8.self)
        #expect(stored.contains("- arn: \(aws.key)") && stored.contains("role: \(role)") && !stored.contains("kms-cluster-2"))
        let diff = try repo.sandbox.run(plugin, ["diff", "secrets/us-east-1-sbx/api.yaml"], in: "repo", environment: kube)
        #expect(diff.status == 0, "\(diff.out)\(diff.err)")
    }
}
