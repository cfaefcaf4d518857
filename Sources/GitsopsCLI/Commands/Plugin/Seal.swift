import ArgumentParser
import KubectlPlugin

extension KubectlSecrets {
    /// `kubectl secrets seal`.
    struct Seal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seal",
            abstract: "Turn Secrets into SealedSecrets for the sealed-secrets controller.",
            discussion: """
                Decrypts each FILE in memory and seals every Secret in it the way kubeseal does, with the \
                controller's certificate: each value under the scope's label, metadata and type kept in \
                spec.template. The certificate comes from --cert (a PEM file or an http(s) URL), else from \
                the controller through the API server (kubectl get --raw, with your kubectl flags). \
                Without --scope, a Secret's own sealedsecrets.bitnami.com annotations decide (strict if none).

                Examples:
                  # Seal for the cluster's controller (kube-system/sealed-secrets-controller)
                  kubectl secrets seal secrets/db.yaml > sealed/db.yaml

                  # Offline, with a saved certificate, one file per input in sealed/
                  kubectl secrets seal secrets/*.yaml --cert pub-cert.pem -o sealed/

                  # Usable under any name in its namespace
                  kubectl secrets seal secrets/db.yaml --scope namespace-wide --context staging
                """)

        @Argument(help: ArgumentHelp("Secret manifests, encrypted or plaintext, or directories of encrypted ones.", valueName: "file"),
                  completion: .file())
        var files: [String] = []

        @OptionGroup var revision: RevisionFlag

        @Option(help: ArgumentHelp("The controller's certificate: a PEM file or an http(s) URL.", valueName: "pem-file-or-url"),
                completion: .file())
        var cert: String?

        @Option(help: ArgumentHelp("Name of the sealed-secrets controller service (default sealed-secrets-controller).", valueName: "name"))
        var controllerName: String?

        @Option(help: ArgumentHelp("Namespace of the sealed-secrets controller (default kube-system).", valueName: "namespace"))
        var controllerNamespace: String?

        @Option(help: ArgumentHelp("Where the values may be unsealed (default: the Secret's annotations, else strict).",
                                   valueName: "scope"))
        var scope: SealingScope?

        @Option(name: [.customShort("o"), .customLong("output-dir")],
                help: ArgumentHelp("Write one file per input into this directory instead of stdout.", valueName: "dir"),
                completion: .directory)
        var outputDirectory: String?

        @OptionGroup var connection: KubectlConnectionFlags

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one file to seal") }
            if cert != nil, controllerName != nil || controllerNamespace != nil {
                throw ValidationError("--cert and --controller-name/--controller-namespace exclude each other")
            }
        }

        func run() async throws {
            let context = PluginRuntime.context(noticePrefix: "kubectl secrets: ")
            let source = CertificateSource.resolve(cert: cert, controllerName: controllerName, controllerNamespace: controllerNamespace,
                                                   environment: context.environment)
            try await SealCommand(paths: files, revision: revision.revision, certificate: source, scope: scope, namespace: connection.namespace,
                                  outputDirectory: outputDirectory, kubectl: Kubectl(environment: context.environment, options: connection.options)).run(context)
        }
    }
}

extension SealingScope: ExpressibleByArgument {}
