import ArgumentParser

extension Gitsops.Cluster {
    /// `gitsops cluster flux`: the Flux manifests that decrypt a cluster's directory.
    struct Flux: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "flux",
            abstract: "Print the Flux manifests that deploy and decrypt a cluster's secrets directory.",
            discussion: """
                Prints a Flux Kustomization (kustomize.toolkit.fluxcd.io/v1) for secrets/NAME (or \
                --dir) with sops decryption and no secretRef: kustomize-controller reaches the KMS key \
                through its IAM role. With --flux-role, the kustomize-controller ServiceAccount with \
                the IRSA annotation; with --kiam-role, the kustomize-controller Deployment patch with \
                kiam's pod annotation. Commit them (the controller objects as patches of your \
                flux-system kustomization, which owns them) or pipe them to `kubectl apply -f -`.

                Example: gitsops cluster flux prod --flux-role arn:aws:iam::111122223333:role/flux-secrets
                """
        )

        @OptionGroup var cluster: ClusterDirectory

        @Option(name: .customLong("flux-role"), help: ArgumentHelp("The IAM role for kustomize-controller's ServiceAccount (IRSA).", valueName: "arn"))
        var fluxRole: String?

        @Option(name: .customLong("kiam-role"), help: ArgumentHelp("The IAM role kiam gives kustomize-controller's pods.", valueName: "name"))
        var kiamRole: String?

        @Option(help: ArgumentHelp("Flux's namespace.", valueName: "namespace"))
        var namespace = "flux-system"

        @Option(help: ArgumentHelp("The GitRepository the Kustomization reads.", valueName: "name"))
        var source = "flux-system"

        @Option(name: .customLong("decryption-secret"),
                help: ArgumentHelp("The Secret holding age (.agekey) or PGP (.asc) keys, for clusters without a cloud key.", valueName: "name"))
        var decryptionSecret: String?

        func validate() throws {
            if fluxRole != nil && kiamRole != nil {
                throw ValidationError("--flux-role (IRSA) and --kiam-role cannot be combined: a cluster uses one of them")
            }
            if let fluxRole, !Add.isRoleARN(fluxRole) {
                throw ValidationError("--flux-role \(fluxRole) is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)")
            }
            for (flag, value) in [("--kiam-role", kiamRole), ("--namespace", namespace), ("--source", source), ("--decryption-secret", decryptionSecret)] {
                guard let value else { continue }
                if value.isEmpty || !value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || ":/._@+=-".contains($0)) }) {
                    throw ValidationError("\(flag) \(value): letters, digits and :/._@+=- only")
                }
            }
        }

        func run() throws {
            let name = "\(cluster.name)-secrets".lowercased().replacing("_", with: "-")
            let keys = decryptionSecret.map { "its age or PGP keys come from secret \($0) (key.agekey / key.asc entries)" }
                ?? "kustomize-controller reaches the\n# cluster's KMS key through its IAM role, so there is no secretRef"
            var text = """
                # Flux deploys \(cluster.path)/ and decrypts it with sops; \(keys).
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: \(name)
                  namespace: \(namespace)
                spec:
                  interval: 10m
                  path: ./\(cluster.path)
                  prune: true
                  sourceRef:
                    kind: GitRepository
                    name: \(source)
                  decryption:
                    provider: sops

                """
            if let decryptionSecret { text += "    secretRef:\n      name: \(decryptionSecret)\n" }
            if let fluxRole {
                text += """
                    ---
                    # IRSA: kustomize-controller's pods get the role's credentials. flux-system owns this
                    # object: commit it as a patch in its kustomization.yaml, or it is reverted.
                    apiVersion: v1
                    kind: ServiceAccount
                    metadata:
                      name: kustomize-controller
                      namespace: \(namespace)
                      annotations:
                        eks.amazonaws.com/role-arn: \(fluxRole)

                    """
            }
            if let kiamRole {
                text += """
                    ---
                    # kiam: kustomize-controller's pods assume the role (the namespace must permit it:
                    # iam.amazonaws.com/permitted). flux-system owns this Deployment: commit this as a
                    # patch in its kustomization.yaml, or it is reverted.
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: kustomize-controller
                      namespace: \(namespace)
                    spec:
                      template:
                        metadata:
                          annotations:
                            iam.amazonaws.com/role: \(kiamRole)

                    """
            }
            Terminal.writeOut(Array(text.utf8))
        }
    }
}
