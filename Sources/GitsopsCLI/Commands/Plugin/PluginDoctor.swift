import ArgumentParser
import GitFilter
import KubectlPlugin

extension KubectlSecrets {
    /// `kubectl secrets doctor`: whether the cluster can decrypt the files under a path.
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "Check that the cluster's Flux can decrypt the encrypted files under PATH.",
            discussion: """
                Read-only: runs `kubectl get` with your kubectl flags and changes nothing. For the \
                encrypted files git tracks under PATH it checks that their KMS keys are those of their \
                .sops.yaml rule; that a Flux Kustomization's spec.path covers them with \
                spec.decryption.provider: sops; for KMS keys, that kustomize-controller (or the \
                Kustomization's decryption.serviceAccountName) has an IAM role (IRSA or kiam); for age \
                and PGP keys, that the decryption Secret has a .agekey or .asc entry (key names only). \
                Prints one line per check, each problem with the command that fixes it; exits 0 only \
                when everything holds. -n names Flux's namespace (default flux-system).

                Example: kubectl secrets doctor secrets/prod --context prod
                """)

        @Argument(help: ArgumentHelp("The directory or file to check (default: the current directory).", valueName: "path"),
                  completion: .file())
        var path: String?

        @OptionGroup var connection: KubectlConnectionFlags

        func run() async throws {
            let context = try GitContext.load()
            let path = try context.repositoryPath(self.path ?? ".")
            let inventory = SecretsInventory(repository: context.repository, rules: context.rules, engine: context.engine)
            let files = try await inventory.entries(.index, paths: [path], checkAccess: false).compactMap { entry in
                entry.metadata.map { ClusterDoctor.File(path: entry.path, keyGroups: $0.keyGroups, ruleKeyGroups: entry.rule?.keyGroups) }
            }
            guard !files.isEmpty else {
                throw KubectlPluginError(.nothingToDecrypt, "no encrypted file git tracks here", path: self.path ?? ".",
                                         hint: "name the directory of a cluster's secrets, e.g. secrets/prod")
            }
            let doctor = ClusterDoctor(files: files, fluxNamespace: connection.namespace ?? "flux-system", kubectl: connection.options)
            let findings = try await doctor.run(PluginRuntime.context())
            for finding in findings { Terminal.printOut(finding.line) }
            let problems = findings.filter { if case .problem = $0 { true } else { false } }.count
            if problems > 0 {
                Terminal.printError("kubectl secrets doctor: \(problems) problem\(problems == 1 ? "" : "s") for \(files.count) encrypted file\(files.count == 1 ? "" : "s")")
                throw ExitCode(1)
            }
        }
    }
}
