import KubectlPlugin
import LosslessYAML

/// `kubectl secrets seal`: each Secret of the named files (decrypted in memory) as a SealedSecret
/// the sealed-secrets controller unseals.
public struct SealCommand: Sendable {
    /// Files or directories (every encrypted manifest under them).
    public var paths: [String]
    /// Read the files at this git revision instead of the working tree.
    public var revision: String?
    public var certificate: CertificateSource
    /// nil: each Secret's own scope annotations decide (strict without them).
    public var scope: SealingScope?
    /// The namespace for Secrets that name none (nil: kubectl's current namespace).
    public var namespace: String?
    /// nil: standard output.
    public var outputDirectory: String?
    public var kubectl: Kubectl

    public init(paths: [String], revision: String? = nil, certificate: CertificateSource, scope: SealingScope?, namespace: String?,
                outputDirectory: String?, kubectl: Kubectl) {
        self.paths = paths
        self.revision = revision
        self.certificate = certificate
        self.scope = scope
        self.namespace = namespace
        self.outputDirectory = outputDirectory
        self.kubectl = kubectl
    }

    public func run(_ context: PluginContext) async throws(KubectlPluginError) {
        let inputs = try await SecretReader(context: context).secrets(in: paths, revision: revision)
        let sealer = SealedSecretSealer(publicKey: try await certificate.publicKey(context: context, kubectl: kubectl), scope: scope)
        let needsNamespace = inputs.contains { $0.secrets.contains { $0.namespace == nil && sealer.scope(of: $0) != .clusterWide } }
        let fallback = needsNamespace ? await kubectl.namespace(namespace) : nil
        var files: [ManifestOutput.File] = []
        for input in inputs {
            var documents: [YAMLOutputNode] = []
            for secret in input.secrets {
                do {
                    documents.append(try sealer.seal(secret, namespace: fallback))
                } catch {
                    throw error.at(input.path)
                }
            }
            files.append(.init(name: ManifestOutput.name(for: input.path), documents: documents))
        }
        try ManifestOutput(directory: outputDirectory).write(files, inputs: inputs.map(\.absolutePath), context: context)
    }
}
