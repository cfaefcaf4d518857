import ArgumentParser
import KubectlPlugin

extension KubectlSecrets {
    /// `kubectl secrets create`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a new Secret file, encrypted per .sops.yaml.",
            discussion: """
                Builds the Secret `kubectl create secret generic --dry-run=client -o yaml` would print and
                writes it straight into FILE, encrypted per the matching .sops.yaml rule. The plaintext
                never touches the disk.

                Examples:
                  # A database password
                  kubectl secrets create db --from-literal password=s3cret -n prod -o secrets/db.yaml

                  # A TLS secret from files
                  kubectl secrets create tls --type kubernetes.io/tls --from-file tls.crt=cert.pem \\
                    --from-file tls.key=key.pem -o secrets/tls.yaml
                """)

        @Argument(help: ArgumentHelp("The Secret's name.", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("The type of secret to create.", valueName: "type"),
                completion: .list(["Opaque", "kubernetes.io/tls", "kubernetes.io/dockerconfigjson", "kubernetes.io/basic-auth",
                                   "kubernetes.io/ssh-auth", "kubernetes.io/service-account-token"]))
        var type: String?

        @Option(name: .customLong("from-literal"), help: ArgumentHelp("A key and literal value (KEY=VALUE).", valueName: "key=value"))
        var literals: [String] = []

        @Option(name: .customLong("from-file"), help: ArgumentHelp("A file (key: its name), KEY=PATH, or a directory.", valueName: "[key=]path"),
                completion: .file())
        var files: [String] = []

        @Option(name: .customLong("from-env-file"), help: ArgumentHelp("A file of KEY=VALUE lines.", valueName: "path"), completion: .file())
        var envFiles: [String] = []

        @Option(name: [.customShort("n"), .long], help: ArgumentHelp("The namespace of the Secret.", valueName: "namespace"))
        var namespace: String?

        @Option(name: [.customShort("o"), .long], help: ArgumentHelp("The file to write (encrypted).", valueName: "file"), completion: .file())
        var output: String

        @Flag(help: "Replace FILE if it exists.")
        var overwrite = false

        func validate() throws {
            if literals.isEmpty && files.isEmpty && envFiles.isEmpty {
                throw ValidationError("give at least one of --from-literal, --from-file, --from-env-file")
            }
        }

        func run() async throws {
            let command = CreateCommand(name: name, type: type, namespace: namespace, literals: literals, files: files,
                                        envFiles: envFiles, output: output, overwrite: overwrite)
            try await command.run(PluginRuntime.context())
        }
    }
}
