import ArgumentParser
import KubectlPlugin

extension KubectlSecrets {
    /// `kubectl secrets import`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Write live Secrets into files, encrypted per .sops.yaml.",
            discussion: """
                The step from `kubectl create secret` to GitOps: reads the Secrets with kubectl, leaves \
                out what the server owns (uid, resourceVersion, creationTimestamp, managedFields, the \
                last-applied annotation, ownerReferences unless --keep-owner-references) and writes \
                them encrypted as `kubectl secrets create` does. The plaintext never touches the disk. \
                -o FILE holds every Secret (as YAML documents); -o DIR/ gets one NAME.yaml each. \
                --all takes every Secret of the namespace except service account tokens and Helm \
                releases. Afterwards `kubectl secrets diff FILE` shows no change.

                Examples:
                  kubectl secrets import secret/db secret/api -n prod -o secrets/prod/
                  kubectl secrets import --all -n prod -o secrets/prod/
                """)

        @Argument(help: ArgumentHelp("The Secrets to import.", valueName: "secret/name"))
        var secrets: [String] = []

        @Flag(help: "Import every Secret of the namespace.")
        var all = false

        @Option(name: [.customShort("o"), .long], help: ArgumentHelp("The file, or the directory (ending in /), to write.", valueName: "file|dir"),
                completion: .file())
        var output: String

        @Flag(help: "Replace files that exist.")
        var overwrite = false

        @Flag(name: .customLong("keep-owner-references"), help: "Keep metadata.ownerReferences.")
        var keepOwnerReferences = false

        @OptionGroup var connection: KubectlConnectionFlags

        func validate() throws {
            if secrets.isEmpty == !all { throw ValidationError("name the Secrets (secret/NAME ...) or pass --all, not both") }
        }

        func run() async throws {
            let command = ImportCommand(names: secrets, all: all, output: output, overwrite: overwrite,
                                        keepOwnerReferences: keepOwnerReferences, kubectl: connection.options)
            try await command.run(PluginRuntime.context())
        }
    }
}
