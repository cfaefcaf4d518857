/// Which Kubernetes object a manifest describes: group, kind, namespace, name.
public struct ObjectIdentity: Hashable, Sendable, CustomStringConvertible {
    /// The API group ("" for core), from `apiVersion`.
    public var group: String
    public var kind: String
    /// The namespace, empty when the manifest leaves it to kubectl's context.
    public var namespace: String
    public var name: String

    public init(group: String = "", kind: String, namespace: String = "", name: String) {
        self.group = group
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// The identity of `object`, nil when it lacks `kind` or `metadata.name`.
    public init?(_ object: ManifestValue) {
        guard let kind = object["kind"]?.stringValue,
              let name = object["metadata"]?["name"]?.stringValue ?? object["metadata"]?["generateName"]?.stringValue
        else { return nil }
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        self.init(group: apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : "",
                  kind: kind, namespace: object["metadata"]?["namespace"]?.stringValue ?? "", name: name)
    }

    /// `Secret default/db`, or `Secret db` without a namespace (`Deployment.apps ...` for groups).
    public var description: String {
        (group.isEmpty ? kind : "\(kind).\(group)") + " " + (namespace.isEmpty ? name : "\(namespace)/\(name)")
    }

    /// Whether two identities name the same object, treating an empty namespace as `defaultNamespace`.
    func matches(_ other: ObjectIdentity, defaultNamespace: String) -> Bool {
        group == other.group && kind == other.kind && name == other.name
            && (namespace.isEmpty ? defaultNamespace : namespace) == (other.namespace.isEmpty ? defaultNamespace : other.namespace)
    }
}
