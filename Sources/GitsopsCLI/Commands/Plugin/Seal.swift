import ArgumentParser
import Bridges
import Crypto
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

                What kubeseal users rely on: --merge-into adds or updates the keys of an existing \
                SealedSecret file (in place, sealed for its own name, namespace and scope); --raw seals one \
                value (--from-file, else stdin) and prints it in base64; --re-encrypt seals SealedSecret \
                files again with the controller's newest key (its /v1/rotate, in place); --validate asks \
                the controller (/v1/verify) whether it can unseal them; --fetch-cert prints the certificate.

                Examples:
                  # Seal for the cluster's controller (kube-system/sealed-secrets-controller)
                  kubectl secrets seal secrets/db.yaml > sealed/db.yaml

                  # Offline, with a saved certificate, one file per input in sealed/
                  kubectl secrets seal secrets/*.yaml --cert pub-cert.pem -o sealed/

                  # Usable under any name in its namespace
                  kubectl secrets seal secrets/db.yaml --scope namespace-wide --context staging

                  # Add or update keys of a committed SealedSecret
                  kubectl secrets seal secrets/db-extra.yaml --merge-into sealed/db.yaml

                  # One value for prod/db's encryptedData
                  kubectl secrets seal --raw --name db -n prod --from-file password=./password.txt

                  # After the controller renewed its key; then check
                  kubectl secrets seal --re-encrypt sealed/*.yaml
                  kubectl secrets seal --validate sealed/*.yaml
                """)

        @Argument(help: ArgumentHelp("Secret manifests, encrypted or plaintext, or directories of encrypted ones (SealedSecret files with --re-encrypt and --validate).",
                                     valueName: "file"),
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

        @Option(help: ArgumentHelp("Merge the Secret's keys into this SealedSecret file, in place.", valueName: "file"),
                completion: .file())
        var mergeInto: String?

        @Flag(help: "Seal one value (from --from-file, else stdin) and print it in base64.")
        var raw = false

        @Option(help: ArgumentHelp("With --raw: the SealedSecret's name (needed for strict scope).", valueName: "name"))
        var name: String?

        @Option(help: ArgumentHelp("With --raw: the file holding the value (a key= before it is ignored, as in kubectl).",
                                   valueName: "[key=]file"),
                completion: .file())
        var fromFile: String?

        @Flag(help: "Seal SealedSecret files again with the controller's newest key, in place.")
        var reEncrypt = false

        @Flag(name: .customLong("validate"), help: "Check that the controller can unseal the SealedSecret files.")
        var validateSealed = false

        @Flag(help: "Print the sealing certificate (for --cert later).")
        var fetchCert = false

        @OptionGroup var connection: KubectlConnectionFlags

        func validate() throws {
            let modes = [(raw, "--raw"), (mergeInto != nil, "--merge-into"), (reEncrypt, "--re-encrypt"), (validateSealed, "--validate"),
                         (fetchCert, "--fetch-cert")].filter(\.0).map(\.1)
            if modes.count > 1 { throw ValidationError("\(modes.joined(separator: " and ")) exclude each other: pick one") }
            if cert != nil, controllerName != nil || controllerNamespace != nil {
                throw ValidationError("--cert and --controller-name/--controller-namespace exclude each other")
            }
            if fromFile != nil && !raw { throw ValidationError("--from-file needs --raw") }
            if name != nil && !raw { throw ValidationError("--name needs --raw (a Secret's name comes from its manifest)") }
            if let mode = modes.first, outputDirectory != nil { throw ValidationError("\(mode) does not write to -o; drop it") }
            if raw || fetchCert {
                if !files.isEmpty { throw ValidationError("\(modes[0]) takes no file arguments") }
                if revision.revision != nil { throw ValidationError("--rev is for sealing files") }
                if raw, scope ?? .strict == .strict, name?.isEmpty ?? true {
                    throw ValidationError("--raw with strict scope needs --name: the value is bound to its SealedSecret's name (or pass --scope namespace-wide or cluster-wide)")
                }
                if fetchCert, scope != nil { throw ValidationError("--fetch-cert takes no --scope") }
                return
            }
            if files.isEmpty {
                throw ValidationError(reEncrypt || validateSealed ? "name at least one SealedSecret file" : "name at least one file to seal")
            }
            if reEncrypt || validateSealed {
                if cert != nil { throw ValidationError("\(modes[0]) goes through the controller; --cert has no use here") }
                if scope != nil || revision.revision != nil { throw ValidationError("\(modes[0]) keeps each SealedSecret's scope and reads the working tree") }
            }
        }

        func run() async throws {
            let context = PluginRuntime.context(noticePrefix: "kubectl secrets: ")
            let kubectl = Kubectl(environment: context.environment, options: connection.options)
            let source = CertificateSource.resolve(cert: cert, controllerName: controllerName, controllerNamespace: controllerNamespace,
                                                   environment: context.environment)
            if reEncrypt || validateSealed {
                // Always the controller, as in kubeseal: SEALED_SECRETS_CERT does not apply.
                let controller = SealingController(name: controllerName, namespace: controllerNamespace, environment: context.environment,
                                                   kubectl: kubectl)
                if reEncrypt {
                    try await SealReencryptCommand(files: files, controller: controller).run(context)
                } else {
                    try await SealValidateCommand(files: files, controller: controller).run(context)
                }
            } else if fetchCert {
                context.standardOutput(try await source.pem(context: context, kubectl: kubectl))
            } else if raw {
                var value = try FileIO.read(fromFile.map { $0.split(separator: "=", maxSplits: 1).last.map(String.init) ?? $0 })
                defer { Memory.zero(&value) }
                try await SealRawCommand(value: value, name: name, namespace: connection.namespace, scope: scope ?? .strict,
                                         certificate: source, kubectl: kubectl).run(context)
            } else if let mergeInto {
                try await SealMergeCommand(paths: files, revision: revision.revision, certificate: source, scope: scope, target: mergeInto,
                                           kubectl: kubectl).run(context)
            } else {
                try await SealCommand(paths: files, revision: revision.revision, certificate: source, scope: scope, namespace: connection.namespace,
                                      outputDirectory: outputDirectory, kubectl: kubectl).run(context)
            }
        }
    }
}

extension SealingScope: ExpressibleByArgument {}
