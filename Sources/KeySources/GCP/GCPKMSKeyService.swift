import Crypto
public import HTTP
import TextEncoding

/// Google Cloud KMS master keys (spec §7.5): the REST `encrypt`/`decrypt` methods on the stanza's
/// `resource_id`; `enc` is the standard base64 of the ciphertext.
public final class GCPKMSKeyService: KeyService {
    public let type = MasterKeyType.gcpKMS
    private let environment: CloudEnvironment
    private let transport: CloudTransport
    private let credentials: GCPCredentials
    private let clock: @Sendable () -> UTCTime

    public init(environment: CloudEnvironment, transport: CloudTransport,
                clock: @escaping @Sendable () -> UTCTime = { UTCTime.now() }) {
        self.environment = environment
        self.transport = transport
        self.clock = clock
        credentials = GCPCredentials(environment: environment, transport: transport, clock: clock)
    }

    public func wrap(_ secret: SecretBytes, for key: MasterKey) async throws(KeySourceError) -> MasterKey {
        guard case .gcpKMS(var stanza) = key else { throw KeySourceError.unsupported(key) }
        let response = try await call("encrypt", .object([("plaintext", .base64Secret(secret, .standard))]),
                                      resource: stanza.resourceID, key: key.identity, missing: .credentials)
        guard let ciphertext = response.json()?.root["ciphertext"]?.string, Base64.decode(ciphertext) != nil else {
            throw KeySourceError(.failed, key: key.identity, "Cloud KMS answered encrypt without a ciphertext")
        }
        stanza.enc = ciphertext
        if stanza.createdAt.isEmpty { stanza.createdAt = clock().rfc3339 }
        return .gcpKMS(stanza)
    }

    public func unwrap(_ key: MasterKey) async throws(KeySourceError) -> SecretBytes {
        guard case .gcpKMS(let stanza) = key else { throw KeySourceError.unsupported(key) }
        guard let ciphertext = Base64.decodeSecret(Array(stanza.enc.utf8)), !ciphertext.isEmpty else {
            throw KeySourceError(.invalidKey, key: key.identity, "the stanza's enc is not base64")
        }
        let response = try await call("decrypt", .object([("ciphertext", .base64Secret(ciphertext, .standard))]),
                                      resource: stanza.resourceID, key: key.identity, missing: .notThisKey)
        guard let plaintext = response.json()?.root["plaintext"]?.secret(), !plaintext.isEmpty else {
            throw KeySourceError(.failed, key: key.identity, "Cloud KMS answered decrypt without a plaintext")
        }
        return plaintext
    }

    /// `projects/*/locations/*/keyRings/*/cryptoKeys/*` (§7.5), spaces removed as sops does.
    static func validResourceID(_ text: String) -> String? {
        let id = text.filter { $0 != " " }
        let parts = id.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 8, parts[0] == "projects", parts[2] == "locations", parts[4] == "keyRings", parts[6] == "cryptoKeys",
              [1, 3, 5, 7].allSatisfy({ !parts[$0].isEmpty }) else { return nil }
        return id
    }

    /// `SOPS_GCP_KMS_ENDPOINT` (URL or host[:port]), else `cloudkms.<SOPS_GCP_KMS_UNIVERSE_DOMAIN or googleapis.com>`.
    private var endpoint: String {
        if let configured = environment["SOPS_GCP_KMS_ENDPOINT"] {
            let base = configured.contains("://") ? configured : "https://" + configured
            return base.hasSuffix("/") ? String(base.dropLast()) : base
        }
        return "https://cloudkms." + (environment["SOPS_GCP_KMS_UNIVERSE_DOMAIN"] ?? "googleapis.com")
    }

    private func call(_ method: String, _ body: JSONBody, resource: String, key: String,
                      missing: KeySourceError.Code) async throws(KeySourceError) -> HTTPResponse {
        guard let id = Self.validResourceID(resource),
              let url = HTTPURL(endpoint + "/v1/" + HTTPURL.percentEncode(id, keeping: [UInt8(ascii: "/")]) + ":" + method) else {
            throw KeySourceError(.invalidKey, key: key, "not a Cloud KMS key (projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>)")
        }
        guard let token = try await credentials.token(key: key) else {
            throw KeySourceError(missing, key: key, "no Google Cloud credentials found",
                                 hint: "set GOOGLE_APPLICATION_CREDENTIALS, run `gcloud auth application-default login`, or run on Google Cloud")
        }
        let outcome = try await transport.send { HTTPRequest.json(url, body, headers: [token.authorization]) }
        let response = try outcome.response(service: "Cloud KMS", key: key)
        guard !response.isSuccess else { return response }
        let detail = CloudErrorText.detail(response)
        switch response.status {
        case 401:
            throw KeySourceError(.credentials, key: key, "Cloud KMS rejected the token (\(token.source)): \(detail)",
                                 hint: "refresh the credentials (`gcloud auth application-default login`)")
        case 403:
            throw KeySourceError(.failed, key: key, "Cloud KMS denied \(method) as \(token.source): \(detail)",
                                 hint: "grant roles/cloudkms.cryptoKeyEncrypterDecrypter on the key to \(token.source)")
        case 404:
            throw KeySourceError(.failed, key: key, "Cloud KMS has no such key: \(detail)")
        case 429, 500...599:
            throw KeySourceError(.unreachable, key: key, "Cloud KMS kept answering \(detail) (\(outcome.attempts) attempts)", hint: "try again later")
        default:
            throw KeySourceError(.failed, key: key, "Cloud KMS \(method) failed: \(detail)")
        }
    }
}
