/// `kubectl secrets apply`: decrypted manifests piped to `kubectl apply -f -`.
public struct ApplyCommand: Sendable {
    public var paths: [String]
    public var revision: String?
    public var kubectl: KubectlOptions

    public init(paths: [String], revision: String? = nil, kubectl: KubectlOptions) {
        self.paths = paths
        self.revision = revision
        self.kubectl = kubectl
    }

    /// Returns kubectl's exit status.
    public func run(_ context: PluginContext) async throws -> Int32 {
        try kubectl.validateForApply()
        let files = try await SecretFileLoader(context: context).load(paths, revision: revision)
        return try await Kubectl(environment: context.environment, options: kubectl).apply(ManifestStream.join(files))
    }
}
