/// Where a SealedSecret may be unsealed (sealed-secrets `SealingScope`): the scope picks the
/// RSA-OAEP label, so the controller refuses a value moved to another name or namespace.
public enum SealingScope: String, Sendable, CaseIterable {
    /// Only as this name in this namespace (label `namespace/name`).
    case strict
    /// Under any name in this namespace (label `namespace`).
    case namespaceWide = "namespace-wide"
    /// Anywhere in the cluster (empty label).
    case clusterWide = "cluster-wide"

    static let namespaceWideAnnotation = "sealedsecrets.bitnami.com/namespace-wide"
    static let clusterWideAnnotation = "sealedsecrets.bitnami.com/cluster-wide"

    /// Whether `key` is one of the annotations that declare a scope.
    static func isScopeAnnotation(_ key: String) -> Bool { key == namespaceWideAnnotation || key == clusterWideAnnotation }

    /// The scope a Secret or SealedSecret declares with its annotations (cluster-wide wins).
    init(annotations: [(key: String, value: String)]) {
        func isSet(_ name: String) -> Bool { annotations.contains { $0.key == name && $0.value == "true" } }
        self = isSet(Self.clusterWideAnnotation) ? .clusterWide : isSet(Self.namespaceWideAnnotation) ? .namespaceWide : .strict
    }

    /// The RSA-OAEP label values are sealed with.
    func label(namespace: String, name: String) -> [UInt8] {
        switch self {
        case .strict: Array("\(namespace)/\(name)".utf8)
        case .namespaceWide: Array(namespace.utf8)
        case .clusterWide: []
        }
    }

    /// `annotations` with the scope annotations replaced by this scope's (none for strict).
    func annotating(_ annotations: [(key: String, value: String)]) -> [(key: String, value: String)] {
        var result = annotations.filter { !Self.isScopeAnnotation($0.key) }
        switch self {
        case .strict: break
        case .namespaceWide: result.append((Self.namespaceWideAnnotation, "true"))
        case .clusterWide: result.append((Self.clusterWideAnnotation, "true"))
        }
        return result
    }
}
