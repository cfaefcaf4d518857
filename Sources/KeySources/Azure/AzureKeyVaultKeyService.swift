import Crypto
public import HTTP
import TextEncoding

/// Azure Key Vault master keys (spec §7.6): RSA-OAEP-256 with the vault key
/// `{vault_url}/keys/{name}/{version}`; `enc` is the ciphertext in unpadded base64url.
///
/// The operations are Key Vault's `encrypt`/`decrypt`, not `wrapkey`/`unwrapkey`: sops calls
/// encrypt/decrypt, and sops' setup instructions grant only the `encrypt`/`decrypt` key
/// permissions (and keys may restrict `key_ops` to those), so wrapkey would be refused on vaults
/// set up for sops. For RSA both compute the same RSA-OAEP-256, so either side reads the other's
/// ciphertext; only the permission checked differs.
public final class AzureKeyVaultKeyService: KeyService {
    public let type = MasterKeyType.azureKV
    /// The Key Vault REST API version of current SDKs (azkeys 1.3).
    static let apiVersion = "7.5"
    static let algorithm = "RSA-OAEP-256"

    private let transport: CloudTransport
    private let credentials: AzureCredentials
    private let clock: @Sendable () -> UTCTime

    public init(environment: CloudEnvironment, transport: CloudTransport,
                clock: @escaping @Sendable () -> UTCTime = { UTCTime.now() }) {
        self.transport = transport
        self.clock = clock
        credentials = AzureCredentials(environment: environment, transport: transport, clock: clock)
    }

    /// Without a version the vault's current one is used, and recorded (from the answer's `kid`)
    /// as sops records the version it looks up.
    public func wrap(_ secret: SecretBytes, for key: MasterKey) async throws(KeySourceError) -> MasterKey {
        guard case .azureKeyVault(var stanza) = key else { throw KeySourceError.unsupported(key) }
        let answer = try await operate("encrypt", .base64Secret(secret, .url), stanza: stanza, key: key.identity, missing: .credentials)
        stanza.enc = Base64.encode(answer.value.unsafeArray(), .url)
        if stanza.version.isEmpty {
            guard let version = answer.kid?.split(separator: "/").last, !version.isEmpty else {
                throw KeySourceError(.failed, key: key.identity, "Azure Key Vault did not say which key version it used")
            }
            stanza.version = String(version)
        }
        if stanza.createdAt.isEmpty { stanza.createdAt = clock().rfc3339 }
        return .azureKeyVault(stanza)
    }

    public func unwrap(_ key: MasterKey) async throws(KeySourceError) -> SecretBytes {
        guard case .azureKeyVault(let stanza) = key else { throw KeySourceError.unsupported(key) }
        guard let ciphertext = Base64.decodeSecret(Array(stanza.enc.utf8), .url), !ciphertext.isEmpty else {
            throw KeySourceError(.invalidKey, key: key.identity, "the stanza's enc is not base64url")
        }
        return try await operate("decrypt", .base64Secret(ciphertext, .url), stanza: stanza, key: key.identity, missing: .notThisKey).value
    }

    /// The resource (token audience) of a vault, by its cloud's domain.
    static func resource(for url: HTTPURL) -> String {
        for domain in ["vault.azure.cn", "vault.usgovcloudapi.net", "vault.microsoftazure.de", "managedhsm.azure.net",
                       "managedhsm.usgovcloudapi.net", "managedhsm.azure.cn"] where url.host.hasSuffix("." + domain) {
            return "https://" + domain
        }
        return "https://vault.azure.net"
    }

    /// Runs `operation` on `value`; returns the result's value and the `kid` of the key version used.
    private func operate(_ operation: String, _ value: JSONBody, stanza: AzureKeyVaultKey, key: String,
                         missing: KeySourceError.Code) async throws(KeySourceError) -> (value: SecretBytes, kid: String?) {
        var base = stanza.vaultURL
        while base.hasSuffix("/") { base.removeLast() }
        let path = "/keys/" + HTTPURL.percentEncode(stanza.name) + (stanza.version.isEmpty ? "" : "/" + HTTPURL.percentEncode(stanza.version))
        guard !stanza.name.isEmpty, let url = HTTPURL(base + path + "/\(operation)?api-version=\(Self.apiVersion)") else {
            throw KeySourceError(.invalidKey, key: key, "vault_url must be an https URL such as https://myvault.vault.azure.net")
        }
        guard let token = try await credentials.token(resource: Self.resource(for: url), key: key) else {
            throw KeySourceError(missing, key: key, "no Azure credentials found",
                                 hint: "set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_FEDERATED_TOKEN_FILE), or run with a managed identity")
        }
        let body = JSONBody.object([("alg", .string(Self.algorithm)), ("value", value)])
        let outcome = try await transport.send { HTTPRequest.json(url, body, headers: [token.authorization]) }
        let response = try outcome.response(service: "Azure Key Vault", key: key)
        guard response.isSuccess else {
            let detail = CloudErrorText.detail(response)
            switch response.status {
            case 401:
                throw KeySourceError(.credentials, key: key, "Azure Key Vault rejected the token (\(token.source)): \(detail)")
            case 403:
                throw KeySourceError(.failed, key: key, "Azure Key Vault denied \(operation) on key \(stanza.name) as \(token.source): \(detail)",
                                     hint: "grant \(token.source) the key permissions encrypt and decrypt (RBAC role Key Vault Crypto User, or an access policy)")
            case 404:
                throw KeySourceError(.failed, key: key, "Azure Key Vault has no key \(stanza.name) version \(stanza.version): \(detail)")
            case 429, 500...599:
                throw KeySourceError(.unreachable, key: key, "Azure Key Vault kept answering \(detail) (\(outcome.attempts) attempts)",
                                     hint: "try again later")
            default:
                throw KeySourceError(.failed, key: key, "Azure Key Vault \(operation) failed: \(detail)")
            }
        }
        let json = response.json()?.root
        guard let result = json?["value"]?.secret(base64: .url), !result.isEmpty else {
            throw KeySourceError(.failed, key: key, "Azure Key Vault answered \(operation) without a value")
        }
        return (result, json?["kid"]?.string)
    }
}
