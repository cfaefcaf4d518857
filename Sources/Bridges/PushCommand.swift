import KubectlPlugin
import KeySources
import LosslessYAML

/// `kubectl secrets push --secrets-manager`: each Secret of the named files (decrypted in memory)
/// as one JSON secret in AWS Secrets Manager, and the ExternalSecret manifests that bring it back.
public struct PushCommand: Sendable {
    /// Files or directories (every encrypted manifest under them).
    public var paths: [String]
    /// Read the files at this git revision instead of the working tree.
    public var revision: String?
    /// Prepended to `namespace/name` to form the Secrets Manager name.
    public var prefix: String
    /// nil: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's region.
    public var region: String?
    /// The shared-config profile (empty: the default credential chain).
    public var profile: String
    /// A role to assume for the writes (empty: none).
    public var role: String
    public var refreshInterval: String
    public var storeName: String
    public var clusterStore: Bool
    /// The External Secrets Operator API the manifests use.
    public var esoAPIVersion: ExternalSecretsAPIVersion
    /// The namespace for Secrets that name none (nil: kubectl's current namespace).
    public var namespace: String?
    /// Print what would be written (names and keys) and change nothing.
    public var dryRun: Bool
    /// nil: standard output.
    public var outputDirectory: String?
    public var kubectl: Kubectl

    public init(paths: [String], revision: String? = nil, prefix: String = "", region: String? = nil, profile: String = "", role: String = "",
                refreshInterval: String = "1h", storeName: String = "aws-secrets-manager", clusterStore: Bool = false,
                esoAPIVersion: ExternalSecretsAPIVersion = .v1, namespace: String? = nil, dryRun: Bool = false, outputDirectory: String? = nil, kubectl: Kubectl) {
        self.paths = paths
        self.revision = revision
        self.prefix = prefix
        self.region = region
        self.profile = profile
        self.role = role
        self.refreshInterval = refreshInterval
        self.storeName = storeName
        self.clusterStore = clusterStore
        self.esoAPIVersion = esoAPIVersion
        self.namespace = namespace
        self.dryRun = dryRun
        self.outputDirectory = outputDirectory
        self.kubectl = kubectl
    }

    public func run(_ context: PluginContext) async throws(KubectlPluginError) {
        try validate()
        let cloud = CloudEnvironment(variables: context.environment, homeDirectory: context.environment["HOME"] ?? "/")
        guard let region = region ?? AWSSecretsManager.defaultRegion(environment: cloud, profile: profile) else {
            throw KubectlPluginError(.usage, "no AWS region", hint: "pass --region, or set AWS_REGION or the profile's region")
        }
        let (inputs, pushes) = try await plan(context)
        let manifests = ExternalSecretManifests(region: region, storeName: storeName,
                                                storeKind: clusterStore ? .clusterSecretStore : .secretStore, refreshInterval: refreshInterval,
                                                apiVersion: esoAPIVersion)
        if dryRun {
            var lines = ""
            for push in pushes {
                lines += "would write \(push.remoteName) in \(region) from \(push.sourcePath): keys \(push.secret.values.map(\.key).joined(separator: ", "))\n"
            }
            context.standardOutput(Array(lines.utf8))
            return
        }
        let client = AWSSecretsManager(environment: cloud, region: region, profile: profile, role: role)
        for push in pushes {
            let tags = SecretPush.tags(for: push.sourcePath, absolute: push.absolutePath, revision: revision, environment: context.environment)
            let written: AWSSecretsManager.Write
            do {
                written = try await client.write(name: push.remoteName, secretString: push.secretString(), tags: tags)
            } catch {
                throw KubectlPluginError(.remote, wrapping: error, path: push.sourcePath)
            }
            context.standardError("\(written == .created ? "created" : "updated") \(push.remoteName) in \(region) (\(push.secret.values.count) keys)")
        }
        var files = [ManifestOutput.File(name: "secret-store.yaml",
                                         documents: manifests.stores(namespaces: Self.unique(pushes.map(\.namespace))))]
        for input in inputs {
            files.append(.init(name: ManifestOutput.name(for: input.path),
                               documents: pushes.filter { $0.sourcePath == input.path }.map(manifests.externalSecret)))
        }
        try ManifestOutput(directory: outputDirectory).write(files, inputs: inputs.map(\.absolutePath), context: context)
    }

    private func validate() throws(KubectlPluginError) {
        guard prefix.unicodeScalars.allSatisfy(SecretPush.isNameCharacter) else {
            throw KubectlPluginError(.usage, "--prefix may hold only letters, digits and /_+=.@-")
        }
        guard Self.isDuration(refreshInterval) else {
            throw KubectlPluginError(.usage, "--refresh-interval \(refreshInterval) is not a duration like 1h, 30m or 0")
        }
    }

    /// A Go duration as the operator parses it (`1h`, `1h30m`, `90s`, `0`).
    static func isDuration(_ text: String) -> Bool {
        if text == "0" { return true }
        var rest = Substring(text)
        guard !rest.isEmpty else { return false }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard number.contains(where: \.isNumber) else { return false }
            rest = rest.dropFirst(number.count)
            guard let unit = ["ns", "us", "µs", "ms", "h", "m", "s"].first(where: { rest.hasPrefix($0) }) else { return false }
            rest = rest.dropFirst(unit.count)
        }
        return true
    }

    /// Every Secret with its destination; two Secrets may not share one.
    private func plan(_ context: PluginContext) async throws(KubectlPluginError) -> ([SecretReader.Input], [SecretPush]) {
        let inputs = try await SecretReader(context: context).secrets(in: paths, revision: revision)
        let fallback = inputs.contains { $0.secrets.contains { $0.namespace == nil } } ? await kubectl.namespace(namespace) : ""
        var pushes: [SecretPush] = []
        for input in inputs {
            for secret in input.secrets {
                guard !secret.values.isEmpty else {
                    throw KubectlPluginError(.invalidManifest, "Secret \(secret.name) has no data or stringData; there is nothing to push", path: input.path)
                }
                let push = SecretPush(sourcePath: input.path, absolutePath: input.absolutePath, secret: secret, namespace: secret.namespace(or: fallback), prefix: prefix)
                if let other = pushes.first(where: { $0.remoteName == push.remoteName }) {
                    throw KubectlPluginError(.invalidManifest, "Secret \(push.namespace)/\(secret.name) is also in \(other.sourcePath)", path: input.path)
                }
                pushes.append(push)
            }
        }
        return (inputs, pushes)
    }

    private static func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
