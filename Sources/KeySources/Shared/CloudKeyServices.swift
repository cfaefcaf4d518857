public import HTTP

/// Builds the cloud key services (AWS KMS, GCP Cloud KMS, Azure Key Vault, Vault transit) for one
/// environment. They share one HTTP client (one libcurl multi handle, loaded on first use) unless a
/// service names its own CA bundle (`AWS_CA_BUNDLE`, `VAULT_CACERT`).
public enum CloudKeyServices {
    /// The four services. `options` default to `HTTPClient.Options(environment:)` (proxies,
    /// `SSL_CERT_FILE`) with the default concurrency of 16.
    public static func make(environment: CloudEnvironment, options: HTTPClient.Options? = nil,
                            retry: RetryPolicy = .standard) -> [any KeyService] {
        let options = options ?? HTTPClient.Options(environment: environment.variables)
        let shared = CloudTransport(http: HTTPClient(options: options), retry: retry)
        func transport(caBundleVariable: String) -> CloudTransport {
            guard let ca = environment[caBundleVariable] else { return shared }
            var own = options
            own.caBundlePath = environment.expand(ca)
            return CloudTransport(http: HTTPClient(options: own), retry: retry)
        }
        return [
            AWSKMSKeyService(environment: environment, transport: transport(caBundleVariable: "AWS_CA_BUNDLE")),
            GCPKMSKeyService(environment: environment, transport: shared),
            AzureKeyVaultKeyService(environment: environment, transport: shared),
            VaultTransitKeyService(environment: environment, transport: transport(caBundleVariable: "VAULT_CACERT")),
        ]
    }

    /// Adds the four services to `services`.
    public static func register(into services: inout KeyServices, environment: CloudEnvironment,
                                options: HTTPClient.Options? = nil) {
        for service in make(environment: environment, options: options) { services.register(service) }
    }
}
