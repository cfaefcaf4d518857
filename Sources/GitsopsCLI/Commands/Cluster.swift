import ArgumentParser

extension Gitsops {
    /// `gitsops cluster`: a cluster's own keys for its secrets directory, and its Flux wiring.
    struct Cluster: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cluster",
            abstract: "Set up a cluster's secrets directory: its .sops.yaml rule and its Flux manifests.",
            discussion: """
                A cluster gets its own directory (secrets/NAME/), its own key (usually an AWS KMS key \
                with the IAM role Flux's kustomize-controller assumes) and a Flux Kustomization that \
                decrypts it. See docs/cluster-workflow.md.

                Example:
                  gitsops cluster add prod --kms arn:aws:kms:eu-west-1:111122223333:key/KEY-ID \\
                    --role arn:aws:iam::111122223333:role/flux-secrets
                  gitsops cluster flux prod --flux-role arn:aws:iam::111122223333:role/flux-secrets
                """,
            subcommands: [Add.self, Flux.self]
        )
    }
}

/// What `cluster add` and `cluster flux` share: the cluster name and its directory.
struct ClusterDirectory: ParsableArguments {
    @Argument(help: ArgumentHelp("The cluster's name (its directory is secrets/NAME unless --dir says otherwise).", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("The cluster's directory, relative to the top of the repository.", valueName: "dir"))
    var dir: String?

    /// The directory relative to the top of the repository, without `./` or a trailing slash.
    var path: String {
        let parts = (dir ?? "secrets/\(name)").split(separator: "/").filter { $0 != "." }
        return parts.joined(separator: "/")
    }

    func validate() throws {
        guard let first = name.first, first != ".", first != "-",
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw ValidationError("the cluster name \"\(name)\" may hold only letters, digits, '.', '_' and '-'")
        }
        if let dir {
            let parts = dir.split(separator: "/").filter { $0 != "." }
            if dir.hasPrefix("/") || parts.isEmpty || parts.contains("..")
                || dir.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }) {
                throw ValidationError("--dir must be a directory inside the repository, relative to its top (like secrets/prod)")
            }
        }
    }
}
