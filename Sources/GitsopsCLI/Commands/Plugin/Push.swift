import ArgumentParser
import Bridges
import KubectlPlugin

extension KubectlSecrets {
    /// `kubectl secrets push`.
    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "push",
            abstract: "Copy Secrets to AWS Secrets Manager and print ExternalSecret manifests for them.",
            discussion: """
                Decrypts each FILE in memory and writes every Secret as one JSON secret named \
                PREFIX + namespace/name (created, or a new version when it exists), tagged with the file's \
                path and the current commit. Credentials, role and endpoints work as for KMS keys \
                (AWS_PROFILE, AWS_ACCESS_KEY_ID, IRSA, AWS_ENDPOINT_URL_SECRETSMANAGER, ...). Then prints \
                a SecretStore example and one external-secrets.io/v1 ExternalSecret per Secret that \
                rebuilds it key by key (--eso-api-version v1beta1 for ESO older than 0.16). --dry-run \
                prints names and keys only and writes nothing.

                Examples:
                  # What would be written (names and keys), without writing
                  kubectl secrets push secrets/db.yaml --secrets-manager --dry-run

                  # Push as prod/<namespace>/<name>, manifests into external-secrets/
                  kubectl secrets push secrets/*.yaml --secrets-manager \\
                    --region eu-west-1 --prefix prod/ -o external-secrets/
                """)

        @Argument(help: ArgumentHelp("Secret manifests, encrypted or plaintext, or directories of encrypted ones.", valueName: "file"),
                  completion: .file())
        var files: [String] = []

        @OptionGroup var revision: RevisionFlag

        @Flag(help: "Write to AWS Secrets Manager (the only destination so far).")
        var secretsManager = false

        @Option(help: ArgumentHelp("Prepended to namespace/name to form the secret's name.", valueName: "prefix"))
        var prefix = ""

        @Option(help: ArgumentHelp("The AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's).", valueName: "region"))
        var region: String?

        @Option(help: ArgumentHelp("The AWS shared-config profile to use.", valueName: "name"))
        var profile = ""

        @Option(help: ArgumentHelp("An IAM role to assume for the writes.", valueName: "arn"))
        var role = ""

        @Option(help: ArgumentHelp("How often the operator re-reads the secret (default 1h).", valueName: "duration"))
        var refreshInterval = "1h"

        @Option(help: ArgumentHelp("The SecretStore the ExternalSecrets name (default aws-secrets-manager).", valueName: "name"))
        var storeName = "aws-secrets-manager"

        @Flag(help: "Reference a ClusterSecretStore instead of a SecretStore per namespace.")
        var clusterStore = false

        @Option(help: ArgumentHelp("The External Secrets Operator API to write: v1, or v1beta1 for ESO < 0.16.",
                                   valueName: "version"))
        var esoAPIVersion: ExternalSecretsAPIVersion = .v1

        @Flag(help: "Print the secret names and keys that would be written; change nothing.")
        var dryRun = false

        @Option(name: [.customShort("o"), .customLong("output-dir")],
                help: ArgumentHelp("Write the manifests into this directory instead of stdout.", valueName: "dir"),
                completion: .directory)
        var outputDirectory: String?

        @OptionGroup var connection: KubectlConnectionFlags

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one file to push") }
            if !secretsManager { throw ValidationError("name a destination: --secrets-manager") }
        }

        func run() async throws {
            let context = PluginRuntime.context(noticePrefix: "kubectl secrets: ")
            try await PushCommand(paths: files, revision: revision.revision, prefix: prefix, region: region, profile: profile, role: role,
                                  refreshInterval: refreshInterval, storeName: storeName, clusterStore: clusterStore,
                                  esoAPIVersion: esoAPIVersion, namespace: connection.namespace, dryRun: dryRun, outputDirectory: outputDirectory,
                                  kubectl: Kubectl(environment: context.environment, options: connection.options)).run(context)
        }
    }
}

extension ExternalSecretsAPIVersion: ExpressibleByArgument {}
