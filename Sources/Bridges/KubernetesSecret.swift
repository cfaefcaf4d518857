import KubectlPlugin
import HTTP
import TextEncoding

/// A `v1` `Secret` manifest as the bridges need it: identity, metadata to carry over, and every
/// value as bytes (`data` decoded from base64, `stringData` as UTF-8; `stringData` wins for a key
/// in both, as the API server merges them).
public struct KubernetesSecret: Sendable {
    public var name: String
    /// nil when the manifest names none (kubectl's current namespace applies).
    public var namespace: String?
    public var labels: [(key: String, value: String)]
    public var annotations: [(key: String, value: String)]
    /// nil when the manifest names none (`Opaque`).
    public var type: String?
    public var immutable: Bool?
    public var values: [(key: String, value: [UInt8])]

    /// Annotations kubectl and kubecfg fill with a copy of the whole object, plaintext included:
    /// never carried into another manifest (kubeseal strips them too).
    static let lastAppliedAnnotations: Set<String> = ["kubectl.kubernetes.io/last-applied-configuration",
                                                      "kubecfg.ksonnet.io/last-applied-configuration"]

    /// Whether a document is a `v1` `Secret`.
    static func isSecret(_ document: ManifestValue) -> Bool {
        document["apiVersion"]?.stringValue == "v1" && document["kind"]?.stringValue == "Secret"
    }

    /// Reads a Secret document. Errors name the field, never a value.
    init(_ document: ManifestValue) throws(KubectlPluginError) {
        let metadata = document["metadata"] ?? .null
        guard let name = metadata["name"]?.stringValue, !name.isEmpty else {
            throw KubectlPluginError(.invalidManifest, "the Secret has no metadata.name")
        }
        self.name = name
        namespace = try Self.optionalString(metadata["namespace"], "metadata.namespace").flatMap { $0.isEmpty ? nil : $0 }
        labels = try Self.stringMap(metadata["labels"], "metadata.labels")
        annotations = try Self.stringMap(metadata["annotations"], "metadata.annotations")
            .filter { !Self.lastAppliedAnnotations.contains($0.key) }
        type = try Self.optionalString(document["type"], "type")
        switch document["immutable"] {
        case nil, .null?: immutable = nil
        case .bool(let flag)?: immutable = flag
        default: throw KubectlPluginError(.invalidManifest, "immutable of Secret \(name) is not a boolean")
        }
        var values: [(key: String, value: [UInt8])] = []
        for (key, encoded) in try Self.stringMap(document["data"], "data", allowNull: true) {
            guard let bytes = Base64.decode(encoded.filter { $0 != "\n" && $0 != "\r" }) else {
                throw KubectlPluginError(.invalidManifest, "data.\(key) of Secret \(name) is not base64")
            }
            values.append((key, bytes))
        }
        for (key, text) in try Self.stringMap(document["stringData"], "stringData", allowNull: true) {
            values.removeAll { $0.key == key }
            values.append((key, Array(text.utf8)))
        }
        for (key, _) in values where !Self.isValidKey(key) {
            throw KubectlPluginError(.invalidManifest, "\(key) is not a valid Secret key (letters, digits, '-', '_', '.')")
        }
        self.values = values
    }

    /// The namespace, or `fallback` when the manifest names none.
    func namespace(or fallback: String) -> String { namespace ?? fallback }

    /// Kubernetes' rule for Secret and ConfigMap keys.
    static func isValidKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 253 && key != "." && key != ".."
            && key.utf8.allSatisfy { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    private static func optionalString(_ value: ManifestValue?, _ field: String) throws(KubectlPluginError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw KubectlPluginError(.invalidManifest, "\(field) is not a string")
        }
    }

    /// A mapping of strings to strings (`null` values as empty strings where `allowNull`).
    private static func stringMap(_ value: ManifestValue?, _ field: String,
                                  allowNull: Bool = false) throws(KubectlPluginError) -> [(key: String, value: String)] {
        switch value {
        case nil, .null?: return []
        case .object(let fields)?:
            var result: [(key: String, value: String)] = []
            for field in fields {
                let key = field.key
                switch field.value {
                case .string(let text): result.append((key, text))
                case .null where allowNull: result.append((key, ""))
                default: throw KubectlPluginError(.invalidManifest, "\(field).\(key) is not a string (quote it)")
                }
            }
            return result
        default:
            throw KubectlPluginError(.invalidManifest, "\(field) is not a mapping")
        }
    }
}
