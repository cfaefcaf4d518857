import Foundation
import TestSupport
import Testing

/// `gitsops cluster add` and `gitsops cluster flux` as a platform team runs them.
@Suite struct ClusterCommandTests {
    static let arn = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    static let role = "arn:aws:iam::111122223333:role/flux-secrets"

    /// A second age identity (the cluster's), returned as its recipient.
    static func clusterRecipient(_ repo: GitsopsRepository) throws -> String {
        let key = repo.sandbox.url("cluster-key.txt")
        #expect(try Command.run("age-keygen", ["-o", key.path]).status == 0)
        return try Command.run("age-keygen", ["-y", key.path]).out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func addWritesTheRuleOnceAndTheClustersFilesAreEncryptedForIt() throws {
        let repo = try GitsopsRepository()
        let before = String(decoding: try repo.read(".sops.yaml"), as: UTF8.self)
        let cluster = try Self.clusterRecipient(repo)
        let add = try repo.gitsops(["cluster", "add", "sbx", "--age", cluster])
        #expect(add.status == 0, "\(add.err)")
        #expect(add.out == """
            gitsops: added rule 1 to .sops.yaml: files in secrets/sbx/ are encrypted for age \(cluster)
            gitsops: created secrets/sbx/

            """)
        #expect(add.err == "")
        let after = String(decoding: try repo.read(".sops.yaml"), as: UTF8.self)
        #expect(after == """
            creation_rules:
              - path_regex: '^secrets/sbx/'
                encrypted_regex: '^(data|stringData)$'
                key_groups:
                  - age:
                      - \(cluster)

            """ + before.dropFirst("creation_rules:\n".count))

        let again = try repo.gitsops(["cluster", "add", "sbx", "--age", cluster])
        #expect(again.status == 0)
        #expect(again.out == "gitsops: .sops.yaml already has this rule for secrets/sbx/ (rule 1): nothing changed\n")
        #expect(String(decoding: try repo.read(".sops.yaml"), as: UTF8.self) == after)

        let other = try repo.gitsops(["cluster", "add", "sbx", "--age", repo.recipient])
        #expect(other.status == 1)
        #expect(other.err == """
            gitsops: error: .sops.yaml: creation rule 1 already covers secrets/sbx/ (path_regex ^secrets/sbx/) with other keys or settings
            gitsops: hint: edit that rule in .sops.yaml, then run `gitsops updatekeys secrets/sbx/`

            """)
        #expect(String(decoding: try repo.read(".sops.yaml"), as: UTF8.self) == after)

        // Files in the directory are encrypted for the cluster's key, the others as before.
        try repo.write("secrets/sbx/db.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: sbx-pw-1\n")
        try repo.write("secrets/app.yaml", "token: app-pw-2\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-qm", "cluster sbx"])
        let stored = String(decoding: try repo.stored("secrets/sbx/db.yaml"), as: UTF8.self)
        #expect(stored.contains("recipient: \(cluster)") && !stored.contains(repo.recipient))
        #expect(stored.contains("name: db") && stored.contains("encrypted_regex: ^(data|stringData)$"))
        #expect(String(decoding: try repo.stored("secrets/app.yaml"), as: UTF8.self).contains("recipient: \(repo.recipient)"))
    }

    @Test func aKMSRuleInTheIssuesShapeAndADirectoryOutsideTheFilter() throws {
        let repo = try GitsopsRepository()
        try repo.write(".sops.yaml", "creation_rules:\n  # dev\n  - path_regex: ^secrets/\n    age: \(repo.recipient)\n")
        let add = try repo.gitsops(["cluster", "add", "us-west-2-platform-engineering-sbx", "--dir", "./clusters/sbx/", "--kms", Self.arn,
                                    "--role", Self.role, "--context", "cluster=sbx"])
        #expect(add.status == 0, "\(add.err)")
        #expect(add.err == """
            gitsops: warning: clusters/sbx/ is not routed through the gitsops filter: git would store its files in clear
            gitsops: hint: run `gitsops init --pattern 'clusters/sbx/**'`

            """)
        // `^secrets/` cannot match a file of clusters/sbx: the rule goes last.
        #expect(String(decoding: try repo.read(".sops.yaml"), as: UTF8.self) == """
            creation_rules:
              # dev
              - path_regex: ^secrets/
                age: \(repo.recipient)
              - path_regex: '^clusters/sbx/'
                encrypted_regex: '^(data|stringData)$'
                key_groups:
                  - kms:
                      - arn: \(Self.arn)
                        role: \(Self.role)
                        context:
                          cluster: sbx

            """)
        #expect(FileManager.default.fileExists(atPath: repo.sandbox.url("repo/clusters/sbx").path))
    }

    @Test(arguments: [
        (["cluster", "add", "prod"], "name the cluster's key"),
        (["cluster", "add", "prod", "--age", "age1x", "--role", ClusterCommandTests.role], "--role, --context and --aws-profile apply to KMS keys"),
        (["cluster", "add", "prod", "--kms", "arn:aws:kms:us-west-2:1:nokey"], "is not a KMS key ARN"),
        (["cluster", "add", "prod", "--kms", ClusterCommandTests.arn, "--role", "flux"], "is not an IAM role ARN"),
        (["cluster", "add", "prod", "--kms", ClusterCommandTests.arn, "--context", "=x"], "write it as KEY=VALUE"),
        (["cluster", "add", "../prod", "--age", "age1x"], "may hold only letters"),
        (["cluster", "add", "prod", "--age", "age1x", "--dir", "../elsewhere"], "--dir must be a directory inside the repository"),
        (["cluster", "flux", "prod", "--flux-role", ClusterCommandTests.role, "--kiam-role", "flux"], "cannot be combined"),
        (["cluster", "flux", "prod", "--namespace", "flux system"], "letters, digits"),
    ])
    func rejectsWhatCannotBeWritten(arguments: [String], message: String) throws {
        let repo = try GitsopsRepository()
        let before = try repo.read(".sops.yaml")
        let result = try repo.gitsops(arguments)
        #expect(result.status == 2)
        #expect(result.err.contains(message), "\(result.err)")
        #expect(try repo.read(".sops.yaml") == before)
    }

    @Test func fluxPrintsTheKustomizationAndTheControllersRole() throws {
        let repo = try GitsopsRepository()
        let irsa = try repo.gitsops(["cluster", "flux", "prod", "--flux-role", Self.role])
        #expect(irsa.status == 0, "\(irsa.err)")
        #expect(irsa.out == """
            # Flux deploys secrets/prod/ and decrypts it with sops; kustomize-controller reaches the
            # cluster's KMS key through its IAM role, so there is no secretRef.
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: prod-secrets
              namespace: flux-system
            spec:
              interval: 10m
              path: ./secrets/prod
              prune: true
              sourceRef:
                kind: GitRepository
                name: flux-system
              decryption:
                provider: sops
            ---
            # IRSA: kustomize-controller's pods get the role's credentials. flux-system owns this
            # object: commit it as a patch in its kustomization.yaml, or it is reverted.
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: kustomize-controller
              namespace: flux-system
              annotations:
                eks.amazonaws.com/role-arn: \(Self.role)

            """)
        let kiam = try repo.gitsops(["cluster", "flux", "sbx", "--dir", "clusters/sbx", "--kiam-role", "flux-secrets",
                                     "--namespace", "flux", "--source", "fleet"])
        #expect(kiam.status == 0, "\(kiam.err)")
        #expect(kiam.out.contains("  name: sbx-secrets\n  namespace: flux\n"))
        #expect(kiam.out.contains("  path: ./clusters/sbx\n"))
        #expect(kiam.out.contains("    kind: GitRepository\n    name: fleet\n"))
        #expect(kiam.out.hasSuffix("""
            ---
            # kiam: kustomize-controller's pods assume the role (the namespace must permit it:
            # iam.amazonaws.com/permitted). flux-system owns this Deployment: commit this as a
            # patch in its kustomization.yaml, or it is reverted.
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: kustomize-controller
              namespace: flux
            spec:
              template:
                metadata:
                  annotations:
                    iam.amazonaws.com/role: flux-secrets

            """))
        let age = try repo.gitsops(["cluster", "flux", "dev", "--decryption-secret", "sops-age"])
        #expect(age.out.hasPrefix("# Flux deploys secrets/dev/ and decrypts it with sops; its age or PGP keys come from secret sops-age"))
        #expect(age.out.hasSuffix("  decryption:\n    provider: sops\n    secretRef:\n      name: sops-age\n"))
    }
}
