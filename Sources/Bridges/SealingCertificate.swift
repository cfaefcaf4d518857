import KubectlPlugin
import Crypto
import HTTP

/// Where the sealing certificate comes from, as kubeseal finds it.
public enum CertificateSource: Sendable, Equatable {
    /// A PEM file.
    case file(String)
    /// An `http(s)` URL.
    case url(String)
    /// The controller's `/v1/cert.pem`, through the API server's service proxy (`kubectl get --raw`).
    case controller(name: String, namespace: String)

    /// kubeseal's defaults and environment: `SEALED_SECRETS_CERT`, else the controller named by
    /// `SEALED_SECRETS_CONTROLLER_NAME`/`_NAMESPACE` (default `sealed-secrets-controller` in
    /// `kube-system`); explicit flags win.
    public static func resolve(cert: String?, controllerName: String?, controllerNamespace: String?,
                               environment: [String: String]) -> CertificateSource {
        func variable(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if controllerName == nil, controllerNamespace == nil, let cert = cert ?? variable("SEALED_SECRETS_CERT") {
            let lower = cert.lowercased()
            return lower.hasPrefix("http://") || lower.hasPrefix("https://") ? .url(cert) : .file(cert)
        }
        let controller = SealingController.locate(name: controllerName, namespace: controllerNamespace, environment: environment)
        return .controller(name: controller.name, namespace: controller.namespace)
    }

    /// Fetches the certificate and returns its RSA public key; an expired certificate is refused.
    func publicKey(context: PluginContext, kubectl: Kubectl) async throws(KubectlPluginError) -> RSA.PublicKey {
        let pem = try await pem(context: context, kubectl: kubectl)
        let certificate: X509Certificate
        do {
            certificate = try X509Certificate(pem: String(decoding: pem, as: UTF8.self))
        } catch {
            throw KubectlPluginError(.invalidKey, "\(self) did not give a PEM certificate",
                              hint: "the sealing certificate is what `kubeseal --fetch-cert` prints")
        }
        guard !certificate.isExpired else {
            throw KubectlPluginError(.invalidKey, "the sealing certificate from \(self) expired on \(certificate.notAfterText)",
                              hint: "fetch the controller's current certificate (it renews it every 30 days)")
        }
        do {
            return try certificate.rsaPublicKey()
        } catch {
            throw KubectlPluginError(.invalidKey, "the sealing certificate from \(self) has no RSA key")
        }
    }

    /// The certificate as the source gives it (`--fetch-cert` prints it).
    public func pem(context: PluginContext, kubectl: Kubectl) async throws(KubectlPluginError) -> [UInt8] {
        switch self {
        case .file(let path):
            return try KubectlPluginError.reading(context.absolute(path), display: path)
        case .controller(let name, let namespace):
            do {
                return try await kubectl.getRaw(SealingController.proxyPath(name: name, namespace: namespace, "/v1/cert.pem"))
            } catch {
                let detail = (error as? KubectlPluginError)?.message ?? String(describing: error)
                throw KubectlPluginError(.remote, "cannot fetch the certificate of \(namespace)/\(name): \(detail)",
                                  hint: "check --controller-name and --controller-namespace, or pass --cert")
            }
        case .url(let text):
            guard let url = HTTPURL(text) else { throw KubectlPluginError(.usage, "\(text) is not an http(s) URL") }
            let client = HTTPClient(options: HTTPClient.Options(environment: context.environment))
            let response: HTTPResponse
            do {
                response = try await client.send(HTTPRequest(url: url, headers: [HTTPHeader("Accept", "application/x-pem-file, */*")]))
            } catch {
                throw KubectlPluginError(.remote, "cannot fetch the certificate: \(error.description)", hint: error.hint)
            }
            guard response.status == 200 else {
                throw KubectlPluginError(.remote, "cannot fetch the certificate from \(url.origin): HTTP \(response.status)")
            }
            return response.body.unsafeArray()
        }
    }
}

extension CertificateSource: CustomStringConvertible {
    public var description: String {
        switch self {
        case .file(let path): path
        case .url(let text): HTTPURL(text)?.origin ?? "the URL"
        case .controller(let name, let namespace): "controller \(namespace)/\(name)"
        }
    }
}
