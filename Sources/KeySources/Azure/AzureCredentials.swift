import Crypto
import HTTP
import JSON

/// Azure AD access tokens, found as azidentity's DefaultAzureCredential finds them: a client
/// secret (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`), workload identity
/// (`AZURE_FEDERATED_TOKEN_FILE` with tenant and client id, as AKS sets them), then managed
/// identity (App Service's `IDENTITY_ENDPOINT`/`IDENTITY_HEADER`, else the instance metadata
/// service), then the Azure CLI's login (`az account get-access-token`). Tokens are cached per
/// scope until shortly before they expire.
final class AzureCredentials: Sendable {
    private let environment: CloudEnvironment
    private let transport: CloudTransport
    private let clock: @Sendable () -> UTCTime
    private let cache: CloudCredentialCache<CloudBearerToken?>

    static let hint = "check AZURE_TENANT_ID, AZURE_CLIENT_ID and the secret or federated token"

    init(environment: CloudEnvironment, transport: CloudTransport, clock: @escaping @Sendable () -> UTCTime) {
        self.environment = environment
        self.transport = transport
        self.clock = clock
        cache = CloudCredentialCache(clock: clock)
    }

    /// A token for `resource` (e.g. `https://vault.azure.net`); nil when no credential is configured.
    func token(resource: String, key: String) async throws(KeySourceError) -> CloudBearerToken? {
        try await cache.value(for: resource) { [self] () throws(KeySourceError) in
            let token = try await fetch(resource: resource, key: key)
            return .init(value: token, expiration: token?.expiration)
        }
    }

    private func fetch(resource: String, key: String) async throws(KeySourceError) -> CloudBearerToken? {
        let scope = resource + "/.default"
        if let tenant = environment["AZURE_TENANT_ID"], let client = environment["AZURE_CLIENT_ID"] {
            if let secret = environment["AZURE_CLIENT_SECRET"] {
                return try await entraToken(tenant: tenant, [("client_id", client), ("client_secret", secret), ("scope", scope),
                                                             ("grant_type", "client_credentials")],
                                            source: "client secret of \(client)", key: key)
            }
            if let file = environment["AZURE_FEDERATED_TOKEN_FILE"] {
                let assertion: String?
                do { assertion = try environment.readTextFile(file) } catch {
                    throw KeySourceError(.credentials, key: key, error.description)
                }
                guard let assertion, !assertion.isEmpty else {
                    throw KeySourceError(.credentials, key: key, "AZURE_FEDERATED_TOKEN_FILE \(file) is missing or empty")
                }
                return try await entraToken(tenant: tenant, [
                    ("client_id", client), ("scope", scope), ("grant_type", "client_credentials"),
                    ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                    ("client_assertion", assertion),
                ], source: "workload identity of \(client)", key: key)
            }
        }
        if let managed = try await managedIdentityToken(resource: resource, key: key) { return managed }
        return try await azureCLIToken(resource: resource, key: key)
    }

    /// The token of the user signed in with `az login`, as azidentity's AzureCLICredential gets
    /// it; nil when `az` is not on PATH (no credential, not an error).
    private func azureCLIToken(resource: String, key: String) async throws(KeySourceError) -> CloudBearerToken? {
        guard let az = environment.executable(named: "az") else { return nil }
        var arguments = [az, "account", "get-access-token", "--output", "json", "--resource", resource]
        if let tenant = environment["AZURE_TENANT_ID"] { arguments += ["--tenant", tenant] }
        let command = SecretCommand(origin: "Azure CLI", invocation: .arguments(arguments), environment: environment.variables, key: key)
        let output: SecretBytes
        do throws(KeySourceError) { output = try await command.run() } catch {
            throw KeySourceError(.credentials, key: key, error.message, hint: "sign in with `az login` (and pick the subscription's tenant)")
        }
        guard let json = output.withUnsafeBytes({ JSONDocument(parsing: $0)?.root }),
              let token = CloudBearerToken(json: json, now: clock(), source: "Azure CLI login") else {
            throw KeySourceError(.credentials, key: key, "Azure CLI: `az account get-access-token` printed no access token",
                                 hint: "check `az account show`, or sign in again with `az login`")
        }
        return token
    }

    /// The Microsoft Entra ID token endpoint (`AZURE_AUTHORITY_HOST`, default login.microsoftonline.com).
    private func entraToken(tenant: String, _ fields: [(String, String)], source: String,
                            key: String) async throws(KeySourceError) -> CloudBearerToken {
        var authority = environment["AZURE_AUTHORITY_HOST"] ?? "https://login.microsoftonline.com/"
        if !authority.hasSuffix("/") { authority += "/" }
        guard let url = HTTPURL(authority + HTTPURL.percentEncode(tenant) + "/oauth2/v2.0/token") else {
            throw KeySourceError(.credentials, key: key, "AZURE_AUTHORITY_HOST is not an http(s) URL")
        }
        return try await transport.bearerToken(HTTPRequest.form(url, fields), service: "Microsoft Entra ID", source: source,
                                               hint: Self.hint, now: clock(), key: key)
    }

    private func managedIdentityToken(resource: String, key: String) async throws(KeySourceError) -> CloudBearerToken? {
        let clientID = environment["AZURE_CLIENT_ID"].map { "&client_id=" + HTTPURL.percentEncode($0) } ?? ""
        if let endpoint = environment["IDENTITY_ENDPOINT"], let secret = environment["IDENTITY_HEADER"] {
            guard let url = HTTPURL(endpoint + "?api-version=2019-08-01&resource=" + HTTPURL.percentEncode(resource) + clientID) else {
                throw KeySourceError(.credentials, key: key, "IDENTITY_ENDPOINT is not an http(s) URL")
            }
            return try await transport.bearerToken(HTTPRequest(url: url, headers: [HTTPHeader("X-IDENTITY-HEADER", secret)]),
                                                   service: "the managed identity endpoint", source: "managed identity",
                                                   hint: "check IDENTITY_ENDPOINT and IDENTITY_HEADER", now: clock(), key: key)
        }
        // The instance metadata service: off Azure nothing answers, which means "no credential".
        let host = environment["AZURE_POD_IDENTITY_AUTHORITY_HOST"] ?? "http://169.254.169.254"
        guard let url = HTTPURL((host.hasSuffix("/") ? String(host.dropLast()) : host)
                                + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=" + HTTPURL.percentEncode(resource) + clientID) else {
            throw KeySourceError(.credentials, key: key, "AZURE_POD_IDENTITY_AUTHORITY_HOST is not an http(s) URL")
        }
        let request = HTTPRequest(url: url, headers: [HTTPHeader("Metadata", "true")], timeouts: CloudTransport.metadataTimeouts)
        guard let response = try? await transport.http.send(request), response.isSuccess,
              let json = response.json()?.root else { return nil }
        return CloudBearerToken(json: json, now: clock(), source: "managed identity")
    }
}
