import KubectlPlugin
import Crypto
import HTTP
import LosslessYAML
import TextEncoding

/// Opens `bitnami.com/v1alpha1` `SealedSecret`s with the controller's private keys, as the
/// controller does: the label comes from the SealedSecret's own name, namespace and scope
/// annotations, so a value moved to another name or namespace does not open.
struct SealedSecretUnsealer {
    let keys: [RSA.PrivateKey]

    static func isSealedSecret(_ document: YAMLValue) -> Bool {
        document["apiVersion"] == .string("bitnami.com/v1alpha1") && document["kind"] == .string("SealedSecret")
    }

    /// The `v1` `Secret` a SealedSecret document unseals to.
    func unseal(_ document: YAMLValue) throws(KubectlPluginError) -> YAMLOutputNode {
        let metadata = document["metadata"] ?? .null
        guard let name = metadata["name"]?.string, !name.isEmpty else {
            throw KubectlPluginError(.invalidManifest, "the SealedSecret has no metadata.name")
        }
        let namespace = metadata["namespace"]?.string ?? ""
        let scope = SealingScope(annotations: Self.strings(metadata["annotations"]))
        let spec = document["spec"] ?? .null
        if let legacy = spec["data"], legacy != .null {
            throw KubectlPluginError(.invalidManifest, "SealedSecret \(name) uses the deprecated spec.data; only spec.encryptedData is supported")
        }
        let template = spec["template"] ?? .null
        if let templated = template["data"], templated != .null {
            throw KubectlPluginError(.invalidManifest, "SealedSecret \(name) has spec.template.data (templated values), which unseal does not render")
        }
        let label = scope.label(namespace: namespace, name: name)
        var data: [(key: String, value: String)] = []
        for (key, text) in Self.strings(spec["encryptedData"]) {
            guard let sealed = Base64.decode(text) else {
                throw KubectlPluginError(.invalidManifest, "encryptedData.\(key) of SealedSecret \(name) is not base64")
            }
            guard let value = keys.lazy.compactMap({ try? SealedSecretCipher.open(sealed, with: $0, label: label) }).first else {
                throw KubectlPluginError(.unsealFailed, "cannot unseal \(key) of SealedSecret \(namespace.isEmpty ? "" : namespace + "/")\(name) (\(scope.rawValue) scope)",
                                  hint: "it was sealed by another controller key, or for another name or namespace than this SealedSecret has")
            }
            data.append((key, Base64.encode(value)))
        }
        let templateMetadata = template["metadata"] ?? .null
        let type = template["type"]?.string
        return BridgeYAML.mapping([
            ("apiVersion", BridgeYAML.string("v1")),
            ("kind", BridgeYAML.string("Secret")),
            ("metadata", BridgeYAML.mapping([
                ("name", BridgeYAML.string(name)),
                ("namespace", namespace.isEmpty ? nil : BridgeYAML.string(namespace)),
                ("labels", BridgeYAML.strings(Self.strings(templateMetadata["labels"]))),
                ("annotations", BridgeYAML.strings(Self.strings(templateMetadata["annotations"]))),
            ])),
            ("type", type.map(BridgeYAML.string)),
            ("immutable", template["immutable"].flatMap { $0 == .bool(true) ? YAMLOutputNode(.bool(true)) : nil }),
            ("data", BridgeYAML.strings(data)),
        ])
    }

    /// The private keys in a file: PEM (PKCS#1 or PKCS#8), or the controller's key Secrets as
    /// `kubectl get secret -n kube-system -l sealedsecrets.bitnami.com/sealed-secrets-key -o yaml`
    /// prints them (a Secret or a List, `tls.key` in `data`).
    static func keys(in bytes: [UInt8], path: String) throws(KubectlPluginError) -> [RSA.PrivateKey] {
        let text = String(decoding: bytes, as: UTF8.self)
        if text.contains("-----BEGIN") {
            do { return [try RSA.PrivateKey(pem: text)] } catch {
                throw KubectlPluginError(.invalidKey, "no PEM private key in the file", path: path)
            }
        }
        let documents: [YAMLValue]
        do { documents = try YAMLStream.parse(bytes).values() } catch {
            throw KubectlPluginError(.invalidKey, "neither a PEM private key nor a YAML Secret with tls.key", path: path)
        }
        var secrets: [YAMLValue] = []
        for document in documents {
            if case .sequence(let items)? = document["items"] { secrets += items } else { secrets.append(document) }
        }
        var keys: [RSA.PrivateKey] = []
        for secret in secrets {
            guard let encoded = secret["data"]?["tls.key"]?.string else { continue }
            guard let pem = Base64.decode(encoded.filter { !$0.isWhitespace }),
                  let key = try? RSA.PrivateKey(pem: String(decoding: pem, as: UTF8.self)) else {
                throw KubectlPluginError(.invalidKey, "tls.key of a Secret in the file is not a base64 PEM private key", path: path)
            }
            keys.append(key)
        }
        guard !keys.isEmpty else { throw KubectlPluginError(.invalidKey, "no Secret with data.tls.key in the file", path: path) }
        return keys
    }

    /// A mapping's string entries (anything else ignored).
    private static func strings(_ value: YAMLValue?) -> [(key: String, value: String)] {
        (value?.mapping ?? []).compactMap { pair in
            guard case .string(let key) = pair.key, case .string(let text) = pair.value else { return nil }
            return (key, text)
        }
    }
}
