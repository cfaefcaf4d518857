import KubectlPlugin
import Crypto
import HTTP
import LosslessYAML
import TextEncoding

/// Turns Secrets into `bitnami.com/v1alpha1` `SealedSecret`s as kubeseal does: every value sealed
/// on its own (kubeseal's hybrid scheme) under the scope's label, the Secret's metadata and type
/// kept in `spec.template`, the scope recorded in annotations.
struct SealedSecretSealer {
    let publicKey: RSA.PublicKey
    /// nil: the scope each Secret's own annotations declare (strict without them).
    let scope: SealingScope?

    /// The scope a Secret is sealed with.
    func scope(of secret: KubernetesSecret) -> SealingScope { scope ?? SealingScope(annotations: secret.annotations) }

    /// `secret` sealed; `namespace` is used when the Secret names none (ignored when cluster-wide).
    func seal(_ secret: KubernetesSecret, namespace fallback: String?) throws(KubectlPluginError) -> YAMLOutputNode {
        let scope = scope(of: secret)
        let namespace = secret.namespace ?? (scope == .clusterWide ? nil : fallback)
        guard scope == .clusterWide || namespace != nil else {
            throw KubectlPluginError(.invalidManifest, "Secret \(secret.name) names no namespace", hint: "set metadata.namespace or pass -n")
        }
        guard !secret.values.isEmpty else {
            throw KubectlPluginError(.invalidManifest, "Secret \(secret.name) has no data or stringData; there is nothing to seal")
        }
        let encrypted = try sealedValues(secret, label: scope.label(namespace: namespace ?? "", name: secret.name))
        let annotations = scope.annotating(secret.annotations)
        let scopeAnnotations = scope.annotating([])
        return BridgeYAML.mapping([
            ("apiVersion", BridgeYAML.string("bitnami.com/v1alpha1")),
            ("kind", BridgeYAML.string("SealedSecret")),
            ("metadata", BridgeYAML.mapping([
                ("name", BridgeYAML.string(secret.name)),
                ("namespace", namespace.map(BridgeYAML.string)),
                ("annotations", BridgeYAML.strings(scopeAnnotations)),
            ])),
            ("spec", BridgeYAML.mapping([
                ("encryptedData", BridgeYAML.strings(encrypted)),
                ("template", BridgeYAML.mapping([
                    ("metadata", BridgeYAML.mapping([
                        ("name", BridgeYAML.string(secret.name)),
                        ("namespace", namespace.map(BridgeYAML.string)),
                        ("labels", BridgeYAML.strings(secret.labels)),
                        ("annotations", BridgeYAML.strings(annotations)),
                    ])),
                    ("type", BridgeYAML.string(secret.type ?? "Opaque")),
                    ("immutable", secret.immutable.map { YAMLOutputNode(.bool($0)) }),
                ])),
            ])),
        ])
    }

    /// Each value of `secret` sealed under `label` (base64, as `encryptedData` holds it), by key.
    func sealedValues(_ secret: KubernetesSecret, label: [UInt8]) throws(KubectlPluginError) -> [(key: String, value: String)] {
        var encrypted: [(key: String, value: String)] = []
        for (key, value) in secret.values.sorted(by: { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }) {
            do {
                encrypted.append((key, Base64.encode(try SealedSecretCipher.seal(value, to: publicKey, label: label))))
            } catch {
                throw KubectlPluginError(.invalidKey, "cannot seal \(key) of Secret \(secret.name): \(error)")
            }
        }
        return encrypted
    }
}
