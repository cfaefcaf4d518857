import KubectlPlugin
/// The sealed-secrets controller as kubeseal reaches it: its HTTP API through the API server's
/// service proxy, with the user's kubectl and flags (`pkg/controller/server.go`).
public struct SealingController: Sendable, CustomStringConvertible {
    public var name: String
    public var namespace: String
    let kubectl: Kubectl

    /// The controller named by the flags, else by `SEALED_SECRETS_CONTROLLER_NAME`/`_NAMESPACE`,
    /// else kubeseal's default: `sealed-secrets-controller` in `kube-system`.
    public init(name: String?, namespace: String?, environment: [String: String], kubectl: Kubectl) {
        let located = Self.locate(name: name, namespace: namespace, environment: environment)
        self.name = located.name
        self.namespace = located.namespace
        self.kubectl = kubectl
    }

    static func locate(name: String?, namespace: String?, environment: [String: String]) -> (name: String, namespace: String) {
        func variable(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        return (name ?? variable("SEALED_SECRETS_CONTROLLER_NAME") ?? "sealed-secrets-controller",
                namespace ?? variable("SEALED_SECRETS_CONTROLLER_NAMESPACE") ?? "kube-system")
    }

    /// The controller's `path` (`/v1/cert.pem`) through the service proxy (the service's first port).
    static func proxyPath(name: String, namespace: String, _ path: String) -> String {
        "/api/v1/namespaces/\(namespace)/services/http:\(name):/proxy\(path)"
    }

    public var description: String { "controller \(namespace)/\(name)" }

    /// Whether the controller can open every value of `sealedSecret` (`/v1/verify`: 200 or 409).
    func canUnseal(_ sealedSecret: ManifestValue) async throws(KubectlPluginError) -> Bool {
        try await post("/v1/verify", sealedSecret, doing: "validate") != nil
    }

    /// `sealedSecret` sealed again with the controller's newest key (`/v1/rotate`).
    func reencrypted(_ sealedSecret: ManifestValue) async throws(KubectlPluginError) -> ManifestValue {
        guard let body = try await post("/v1/rotate", sealedSecret, doing: "re-encrypt") else {
            throw KubectlPluginError(.remote, "the \(self) refused to re-encrypt it")
        }
        guard let value = try? ManifestValue.parseJSON(body), value["spec"]?["encryptedData"]?.fields != nil else {
            throw KubectlPluginError(.remote, "the \(self) did not answer /v1/rotate with a SealedSecret")
        }
        return value
    }

    /// The response body, or nil for a conflict (what the controller answers when it cannot unseal).
    private func post(_ path: String, _ sealedSecret: ManifestValue, doing verb: String) async throws(KubectlPluginError) -> [UInt8]? {
        let response: Kubectl.RawPostResponse
        do {
            response = try await kubectl.postRaw(Self.proxyPath(name: name, namespace: namespace, path), body: Array(sealedSecret.json.utf8))
        } catch {
            let detail = (error as? KubectlPluginError)?.message ?? String(describing: error)
            throw KubectlPluginError(.remote, "cannot \(verb) through the \(self): \(detail)",
                                     hint: "check --controller-name and --controller-namespace (and your kubectl flags)")
        }
        switch response {
        case .ok(let body): return body
        case .conflict: return nil
        }
    }
}
