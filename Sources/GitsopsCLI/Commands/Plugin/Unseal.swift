import ArgumentParser
import Bridges
import KubectlPlugin

extension KubectlSecrets {
    /// `kubectl secrets unseal`.
    struct Unseal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unseal",
            abstract: "Print the Secrets inside SealedSecrets, opened with the controller's private key.",
            discussion: """
                For recovery and checks. --key names a PEM private key, or the controller's key backup \
                (kubectl get secret -n kube-system -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml); \
                give it more than once to try several keys. The Secrets are printed in plaintext: pipe them \
                on, do not write them to disk.

                Example:
                  kubectl secrets unseal sealed/db.yaml --key backup.yaml | kubectl apply -f -
                """)

        @Argument(help: ArgumentHelp("SealedSecret manifests.", valueName: "sealed-file"), completion: .file())
        var files: [String] = []

        @Option(help: ArgumentHelp("A private key (PEM, or the controller's key Secrets as YAML).", valueName: "private-key"),
                completion: .file())
        var key: [String] = []

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one SealedSecret file") }
            if key.isEmpty { throw ValidationError("--key is required") }
        }

        func run() async throws {
            try await UnsealCommand(paths: files, keyFiles: key).run(PluginRuntime.context(noticePrefix: "kubectl secrets: "))
        }
    }
}
