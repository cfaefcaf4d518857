import KubectlPlugin
import LosslessYAML

/// The External Secrets Operator API that `push` writes: `v1`, the storage version since ESO 0.16
/// (0.17 stopped serving v1beta1), or `v1beta1` for clusters that still run ESO < 0.16. The fields
/// `push` writes are the same in both.
public enum ExternalSecretsAPIVersion: String, Sendable, CaseIterable {
    case v1
    case v1beta1

    /// The manifests' `apiVersion`.
    var apiVersion: String { "external-secrets.io/\(rawValue)" }
}

/// External Secrets Operator manifests for Secrets pushed to AWS Secrets Manager: one
/// `ExternalSecret` per Secret, rebuilding it key by key from the pushed JSON secret, and a
/// `SecretStore` (or `ClusterSecretStore`) example for the region.
struct ExternalSecretManifests {
    enum StoreKind: String, Sendable, CaseIterable {
        case secretStore = "SecretStore"
        case clusterSecretStore = "ClusterSecretStore"
    }

    let region: String
    let storeName: String
    let storeKind: StoreKind
    /// How often the operator re-reads the secret (a Go duration: `1h`, `15m`).
    let refreshInterval: String
    let apiVersion: ExternalSecretsAPIVersion

    /// The ExternalSecret that rebuilds `push.secret` from the remote secret `push.remoteName`.
    func externalSecret(_ push: SecretPush) -> YAMLOutputNode {
        let secret = push.secret
        let data = secret.values.map { key, _ in
            BridgeYAML.mapping([
                ("secretKey", BridgeYAML.string(key)),
                ("remoteRef", BridgeYAML.mapping([
                    ("key", BridgeYAML.string(push.remoteName)),
                    ("property", BridgeYAML.string(key)),
                    ("decodingStrategy", push.base64Keys.contains(key) ? BridgeYAML.string("Base64") : nil),
                ])),
            ])
        }
        // Without a template the operator makes an Opaque Secret with the ExternalSecret's own labels;
        // the template carries the Secret's type and metadata (the operator renders them as Go
        // templates, so `{{` is escaped).
        let needsTemplate = secret.type != nil || !secret.labels.isEmpty || !secret.annotations.isEmpty
        let template = needsTemplate ? BridgeYAML.mapping([
            ("type", secret.type.map(BridgeYAML.string)),
            ("metadata", secret.labels.isEmpty && secret.annotations.isEmpty ? nil : BridgeYAML.mapping([
                ("labels", BridgeYAML.strings(secret.labels.map { ($0.key, Self.escapingTemplate($0.value)) })),
                ("annotations", BridgeYAML.strings(secret.annotations.map { ($0.key, Self.escapingTemplate($0.value)) })),
            ])),
        ]) : nil
        return BridgeYAML.mapping([
            ("apiVersion", BridgeYAML.string(apiVersion.apiVersion)),
            ("kind", BridgeYAML.string("ExternalSecret")),
            ("metadata", BridgeYAML.mapping([
                ("name", BridgeYAML.string(secret.name)),
                ("namespace", BridgeYAML.string(push.namespace)),
            ])),
            ("spec", BridgeYAML.mapping([
                ("refreshInterval", BridgeYAML.string(refreshInterval)),
                ("secretStoreRef", BridgeYAML.mapping([
                    ("name", BridgeYAML.string(storeName)),
                    ("kind", BridgeYAML.string(storeKind.rawValue)),
                ])),
                ("target", BridgeYAML.mapping([
                    ("name", BridgeYAML.string(secret.name)),
                    ("creationPolicy", BridgeYAML.string("Owner")),
                    ("immutable", secret.immutable == true ? YAMLOutputNode(.bool(true)) : nil),
                    ("template", template),
                ])),
                ("data", YAMLOutputNode(.items(data))),
            ])),
        ])
    }

    /// A store for each namespace (one cluster store for `ClusterSecretStore`), authenticating with
    /// IRSA through the operator's service account: an example to adapt.
    func stores(namespaces: [String]) -> [YAMLOutputNode] {
        let comment = [" Example: how the External Secrets Operator reads the pushed secrets (\(region)).",
                       " Adapt auth to your cluster; this one uses IRSA through the operator's service account."]
        let scopes: [String?] = storeKind == .clusterSecretStore ? [nil] : namespaces.map(Optional.some)
        return scopes.map { namespace in
            BridgeYAML.mapping([
                ("apiVersion", BridgeYAML.string(apiVersion.apiVersion)),
                ("kind", BridgeYAML.string(storeKind.rawValue)),
                ("metadata", BridgeYAML.mapping([
                    ("name", BridgeYAML.string(storeName)),
                    ("namespace", namespace.map(BridgeYAML.string)),
                ])),
                ("spec", BridgeYAML.mapping([
                    ("provider", BridgeYAML.mapping([
                        ("aws", BridgeYAML.mapping([
                            ("service", BridgeYAML.string("SecretsManager")),
                            ("region", BridgeYAML.string(region)),
                            ("auth", BridgeYAML.mapping([
                                ("jwt", BridgeYAML.mapping([
                                    ("serviceAccountRef", BridgeYAML.mapping([
                                        ("name", BridgeYAML.string("external-secrets")),
                                        ("namespace", namespace == nil ? BridgeYAML.string("external-secrets") : nil),
                                    ])),
                                ])),
                            ])),
                        ])),
                    ])),
                ])),
            ], comment: comment)
        }
    }

    /// `text` as a Go template that renders to `text`.
    static func escapingTemplate(_ text: String) -> String {
        text.replacing("{{", with: #"{{"{{"}}"#)
    }
}
