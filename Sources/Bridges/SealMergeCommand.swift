import KubectlPlugin
/// `kubectl secrets seal --merge-into FILE`: the values of one Secret sealed into an existing
/// SealedSecret file, adding and updating keys and keeping the others, as `kubeseal --merge-into`
/// does. The values are sealed for the SealedSecret's own name, namespace and scope (whatever the
/// Secret says), so every value in it still opens; the Secret's labels and annotations are merged
/// into the template. The file is updated in place, atomically.
public struct SealMergeCommand: Sendable {
    /// Files holding the one Secret to merge.
    public var paths: [String]
    public var revision: String?
    public var certificate: CertificateSource
    /// When given, must be the SealedSecret's scope (a mix would leave some values unopenable).
    public var scope: SealingScope?
    /// The SealedSecret file to update.
    public var target: String
    public var kubectl: Kubectl

    public init(paths: [String], revision: String?, certificate: CertificateSource, scope: SealingScope?, target: String, kubectl: Kubectl) {
        self.paths = paths
        self.revision = revision
        self.certificate = certificate
        self.scope = scope
        self.target = target
        self.kubectl = kubectl
    }

    public func run(_ context: PluginContext) async throws(KubectlPluginError) {
        var file = try SealedSecretFile(target, context: context)
        let indices = file.sealedSecretIndices
        guard indices.count == 1 else {
            throw KubectlPluginError(.usage, "holds \(indices.count) SealedSecrets; --merge-into needs exactly one", path: target)
        }
        let secrets = try await SecretReader(context: context).secrets(in: paths, revision: revision).flatMap(\.secrets)
        guard secrets.count == 1, let secret = secrets.first else {
            throw KubectlPluginError(.usage, "the input holds \(secrets.count) Secrets; --merge-into merges one",
                                     path: paths.joined(separator: " "))
        }
        var sealed = file.documents[indices[0]]
        let metadata = sealed["metadata"] ?? .null
        guard let name = metadata["name"]?.stringValue, !name.isEmpty else {
            throw KubectlPluginError(.invalidManifest, "the SealedSecret has no metadata.name", path: target)
        }
        let namespace = metadata["namespace"]?.stringValue ?? ""
        let existing = SealingScope(annotations: Self.strings(metadata["annotations"]))
        if let scope, scope != existing {
            throw KubectlPluginError(.usage, "the SealedSecret is \(existing.rawValue); sealing \(scope.rawValue) values into it would leave them unopenable",
                                     path: target, hint: "drop --scope, or seal a new SealedSecret")
        }
        guard existing == .clusterWide || !namespace.isEmpty else {
            throw KubectlPluginError(.invalidManifest, "the \(existing.rawValue) SealedSecret \(name) names no namespace", path: target)
        }
        let sealer = SealedSecretSealer(publicKey: try await certificate.publicKey(context: context, kubectl: kubectl), scope: existing)
        let values = try sealer.sealedValues(secret, label: existing.label(namespace: namespace, name: name))

        var spec = sealed["spec"] ?? .object([])
        spec["encryptedData"] = Self.merging(values, into: spec["encryptedData"])
        var template = spec["template"] ?? .object([])
        var templateMetadata = template["metadata"] ?? .object([])
        if !secret.labels.isEmpty { templateMetadata["labels"] = Self.merging(secret.labels, into: templateMetadata["labels"]) }
        // The scope annotations stay the SealedSecret's.
        let annotations = secret.annotations.filter { !SealingScope.isScopeAnnotation($0.key) }
        if !annotations.isEmpty { templateMetadata["annotations"] = Self.merging(annotations, into: templateMetadata["annotations"]) }
        template["metadata"] = templateMetadata
        spec["template"] = template
        sealed["spec"] = spec
        file.documents[indices[0]] = sealed
        try file.write()
        context.standardError("merged \(values.map(\.key).joined(separator: ", ")) into \(target)")
    }

    /// `pairs` set in the mapping `object` (updated in place, new keys appended).
    static func merging(_ pairs: [(key: String, value: String)], into object: ManifestValue?) -> ManifestValue {
        var fields = object?.fields ?? []
        for (key, value) in pairs {
            if let index = fields.firstIndex(where: { $0.key == key }) { fields[index].value = .string(value) } else {
                fields.append(.init(key, .string(value)))
            }
        }
        return .object(fields)
    }

    private static func strings(_ value: ManifestValue?) -> [(key: String, value: String)] {
        (value?.fields ?? []).compactMap { field in field.value.stringValue.map { (field.key, $0) } }
    }
}
