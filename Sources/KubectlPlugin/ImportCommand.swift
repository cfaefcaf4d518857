import Platform

/// `kubectl secrets import`: live Secrets into encrypted files, the step from `kubectl create
/// secret` to GitOps. The Secrets travel from kubectl's standard output to the encryption in
/// memory; only ciphertext is written. What the server owns (uid, resourceVersion, timestamps,
/// managedFields, the last-applied annotation, owner references unless kept) is left out, so the
/// file applies back as the same Secret: `kubectl secrets diff FILE` shows no change.
public struct ImportCommand: Sendable {
    /// Secret names (`secret/NAME`, `secrets/NAME` or `NAME`); empty with `all`.
    public var names: [String]
    /// Every Secret of the namespace, except those other controllers own (service account tokens,
    /// Helm releases).
    public var all: Bool
    /// A file (all Secrets in it, as YAML documents) or a directory (one `NAME.yaml` each; a path
    /// ending in `/` or an existing directory).
    public var output: String
    public var overwrite: Bool
    public var keepOwnerReferences: Bool
    public var kubectl: KubectlOptions

    public init(names: [String], all: Bool, output: String, overwrite: Bool = false, keepOwnerReferences: Bool = false,
                kubectl: KubectlOptions) {
        self.names = names
        self.all = all
        self.output = output
        self.overwrite = overwrite
        self.keepOwnerReferences = keepOwnerReferences
        self.kubectl = kubectl
    }

    /// Types whose Secrets another controller writes: importing them would fight it.
    static let controllerOwnedTypes: Set<String> = ["kubernetes.io/service-account-token", "helm.sh/release.v1"]

    public func run(_ context: PluginContext) async throws {
        let kubectl = Kubectl(environment: context.environment, options: kubectl)
        let namespace = await kubectl.defaultNamespace()
        let names = try self.names.map(Self.secretName)
        var secrets = try await kubectl.objects(["secrets"] + names + ["--namespace", namespace])
        if all {
            secrets = secrets.filter { secret in
                guard let type = secret["type"]?.stringValue, Self.controllerOwnedTypes.contains(type) else { return true }
                context.standardError("skipped secret/\(secret["metadata"]?["name"]?.stringValue ?? "?") (type \(type): its controller writes it)")
                return false
            }
        }
        let found = Set(secrets.compactMap { $0["metadata"]?["name"]?.stringValue })
        if let missing = names.first(where: { !found.contains($0) }) {
            throw KubectlPluginError(.nothingToDecrypt, "secret/\(missing) not found in namespace \(namespace)",
                                     hint: "list them with `kubectl get secrets -n \(namespace)`")
        }
        guard !secrets.isEmpty else {
            throw KubectlPluginError(.nothingToDecrypt, "no Secret to import in namespace \(namespace)")
        }
        let manifests = secrets.map { $0.withoutServerFields(keepOwnerReferences: keepOwnerReferences) }
        let target = context.absolute(output)
        let toDirectory = output.hasSuffix("/") || Files.isDirectory(target)
        let files: [(path: String, display: String, manifests: [ManifestValue])]
        if toDirectory {
            files = manifests.map { manifest in
                let name = manifest["metadata"]?["name"]?.stringValue ?? "secret"
                return (target + "/" + name + ".yaml", (output.hasSuffix("/") ? output : output + "/") + name + ".yaml", [manifest])
            }
        } else {
            if manifests.count > 1 && target.lowercased().hasSuffix(".json") {
                throw KubectlPluginError(.usage, "a JSON file holds one Secret", path: output, hint: "write YAML, or name a directory (-o DIR/)")
            }
            files = [(target, output, manifests)]
        }
        if !overwrite, let existing = files.first(where: { Files.exists($0.path) }) {
            throw KubectlPluginError(.usage, "already exists", path: existing.display,
                                     hint: "change it with `kubectl secrets edit \(existing.display)`, or pass --overwrite")
        }
        if toDirectory && !Files.isDirectory(target) {
            throw KubectlPluginError(.io, "no such directory", path: output, hint: "create it first (mkdir -p \(output))")
        }
        for file in files {
            try await CreateCommand.writeEncrypted(file.manifests, to: file.path, context: context)
            let list = file.manifests.map { "secret/\($0["metadata"]?["name"]?.stringValue ?? "?")" }.joined(separator: ", ")
            context.standardError("\(list) written to \(file.display) (encrypted)")
        }
    }

    /// `secret/NAME`, `secrets/NAME`, `secret.v1/NAME` or `NAME` → `NAME`.
    static func secretName(_ argument: String) throws -> String {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        let name = String(parts.last ?? "")
        if parts.count > 2 || (parts.count == 2 && !["secret", "secrets", "secret.v1", "secrets.v1"].contains(parts[0].lowercased()))
            || !SecretKeys.isValidName(name) {
            throw KubectlPluginError(.usage, "\"\(argument)\" does not name a Secret", hint: "write secret/NAME")
        }
        return name
    }
}

extension ManifestValue {
    /// The Secret as a file should hold it: metadata the server owns left out, keys sorted as
    /// `kubectl get -o yaml` prints them.
    func withoutServerFields(keepOwnerReferences: Bool) -> ManifestValue {
        var copy = self
        copy["status"] = nil
        if var metadata = copy["metadata"] {
            for field in ["uid", "resourceVersion", "creationTimestamp", "managedFields", "generation", "selfLink",
                          "deletionTimestamp", "deletionGracePeriodSeconds"] {
                metadata[field] = nil
            }
            if !keepOwnerReferences { metadata["ownerReferences"] = nil }
            if var annotations = metadata["annotations"] {
                annotations["kubectl.kubernetes.io/last-applied-configuration"] = nil
                metadata["annotations"] = annotations.fields?.isEmpty == true ? nil : annotations
            }
            copy["metadata"] = metadata
        }
        return copy.sortedKeys
    }

    private var sortedKeys: ManifestValue {
        switch self {
        case .object(let fields): return .object(fields.map { Field($0.key, $0.value.sortedKeys) }.sorted { $0.key < $1.key })
        case .array(let items): return .array(items.map(\.sortedKeys))
        default: return self
        }
    }
}
