import KubectlPlugin
import Crypto
import TextEncoding

/// `kubectl secrets seal --raw`: one value sealed for a SealedSecret's `encryptedData`, printed in
/// base64 without a newline, as `kubeseal --raw` prints it. The scope decides what the label
/// binds: strict needs the name and namespace, namespace-wide the namespace, cluster-wide nothing.
public struct SealRawCommand: Sendable {
    public var value: [UInt8]
    /// The SealedSecret's name (the caller requires it for strict scope; unused otherwise).
    public var name: String?
    /// The namespace (nil: kubectl's current one); unused for cluster-wide scope.
    public var namespace: String?
    public var scope: SealingScope
    public var certificate: CertificateSource
    public var kubectl: Kubectl

    public init(value: [UInt8], name: String?, namespace: String?, scope: SealingScope, certificate: CertificateSource, kubectl: Kubectl) {
        self.value = value
        self.name = name
        self.namespace = namespace
        self.scope = scope
        self.certificate = certificate
        self.kubectl = kubectl
    }

    public func run(_ context: PluginContext) async throws(KubectlPluginError) {
        let publicKey = try await certificate.publicKey(context: context, kubectl: kubectl)
        let namespace = scope == .clusterWide ? "" : await kubectl.namespace(namespace)
        let sealed: [UInt8]
        do {
            sealed = try SealedSecretCipher.seal(value, to: publicKey, label: scope.label(namespace: namespace, name: name ?? ""))
        } catch {
            throw KubectlPluginError(.invalidKey, "cannot seal the value: \(error)")
        }
        context.standardOutput(Array(Base64.encode(sealed).utf8))
    }
}
