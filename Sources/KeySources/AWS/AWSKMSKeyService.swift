import Crypto
public import HTTP
import TextEncoding

/// AWS KMS master keys (spec §7.4): `Encrypt`/`Decrypt` over KMS's JSON API, signed with SigV4, in
/// the key ARN's region, with the stanza's encryption context, after assuming the stanza's
/// `role` when it has one.
public final class AWSKMSKeyService: KeyService {
    public let type = MasterKeyType.kms
    private let environment: CloudEnvironment
    private let transport: CloudTransport
    private let chain: AWSCredentialChain
    private let clock: @Sendable () -> UTCTime

    /// `clock` decides credential expiry and `created_at` (tests move it).
    public init(environment: CloudEnvironment, transport: CloudTransport,
                clock: @escaping @Sendable () -> UTCTime = { UTCTime.now() }) {
        self.environment = environment
        self.transport = transport
        self.clock = clock
        chain = AWSCredentialChain(environment: environment, transport: transport, clock: clock)
    }

    public func wrap(_ secret: SecretBytes, for key: MasterKey) async throws(KeySourceError) -> MasterKey {
        guard case .awsKMS(var stanza) = key else { throw KeySourceError.unsupported(key) }
        let id = key.identity
        guard let credentials = try await credentials(for: stanza, key: id) else {
            throw KeySourceError(.credentials, key: id, "no AWS credentials found to encrypt with this key", hint: Self.noCredentialsHint)
        }
        let body = JSONBody.object([("KeyId", .string(stanza.arn)), ("Plaintext", .base64Secret(secret, .standard)),
                                    ("EncryptionContext", Self.context(stanza))])
        let response = try await call("Encrypt", body, stanza: stanza, credentials: credentials, key: id)
        guard let blob = response.json()?.root["CiphertextBlob"]?.string, Base64.decode(blob) != nil else {
            throw KeySourceError(.failed, key: id, "AWS KMS Encrypt answered without a CiphertextBlob")
        }
        stanza.enc = blob
        if stanza.createdAt.isEmpty { stanza.createdAt = clock().rfc3339 }
        return .awsKMS(stanza)
    }

    public func unwrap(_ key: MasterKey) async throws(KeySourceError) -> SecretBytes {
        guard case .awsKMS(let stanza) = key else { throw KeySourceError.unsupported(key) }
        let id = key.identity
        guard let blob = Base64.decodeSecret(Array(stanza.enc.utf8)), !blob.isEmpty else {
            throw KeySourceError(.invalidKey, key: id, "the stanza's enc is not base64")
        }
        guard let credentials = try await credentials(for: stanza, key: id) else {
            throw KeySourceError(.notThisKey, key: id, "no AWS credentials found", hint: Self.noCredentialsHint)
        }
        let body = JSONBody.object([("CiphertextBlob", .base64Secret(blob, .standard)), ("KeyId", .string(stanza.arn)),
                                    ("EncryptionContext", Self.context(stanza))])
        let response = try await call("Decrypt", body, stanza: stanza, credentials: credentials, key: id)
        guard let plaintext = response.json()?.root["Plaintext"]?.secret(), !plaintext.isEmpty else {
            throw KeySourceError(.failed, key: id, "AWS KMS Decrypt answered without a Plaintext")
        }
        return plaintext
    }

    static let noCredentialsHint = "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where a role is available (IRSA, ECS, EC2)"

    private static func context(_ stanza: AWSKMSKey) -> JSONBody {
        .object(stanza.context.keys.sorted().map { ($0, .string(stanza.context[$0]!)) })
    }

    /// The credentials KMS calls for this stanza use: the chain's, then the stanza's role assumed.
    private func credentials(for stanza: AWSKMSKey, key: String) async throws(KeySourceError) -> AWSCredentials? {
        let arn = try parse(stanza, key: key)
        guard let base = try await chain.credentials(profile: stanza.awsProfile, region: arn.region, partition: arn.partition, key: key) else {
            return nil
        }
        guard !stanza.role.isEmpty else { return base }
        return try await chain.assumedRole(stanza.role, base: base, region: arn.region, partition: arn.partition, key: key)
    }

    private func parse(_ stanza: AWSKMSKey, key: String) throws(KeySourceError) -> AWSKeyARN {
        guard let arn = AWSKeyARN(stanza.arn) else {
            throw KeySourceError(.invalidKey, key: key, "not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id> or alias/<name>)")
        }
        guard arn.regionLooksValid else {
            throw KeySourceError(.invalidKey, key: key, "unknown AWS region \(arn.region) in the key ARN")
        }
        return arn
    }

    /// One KMS operation, retried while throttled; returns the successful response.
    private func call(_ operation: String, _ body: JSONBody, stanza: AWSKMSKey, credentials: AWSCredentials,
                      key: String) async throws(KeySourceError) -> HTTPResponse {
        let arn = try parse(stanza, key: key)
        guard let url = AWSEndpoints.kms(arn, environment) else {
            throw KeySourceError(.invalidKey, key: key, "AWS_ENDPOINT_URL_KMS / AWS_ENDPOINT_URL is not an http(s) URL")
        }
        let (response, attempts) = try await AWSJSONAPI.send("TrentService.\(operation)", body, to: url, service: "kms", name: "AWS KMS",
                                                             region: arn.region, credentials: credentials, transport: transport, key: key)
        guard !response.isSuccess else { return response }
        throw failure(response, operation: operation, stanza: stanza, credentials: credentials, attempts: attempts, key: key)
    }

    private func failure(_ response: HTTPResponse, operation: String, stanza: AWSKMSKey, credentials: AWSCredentials,
                         attempts: Int, key: String) -> KeySourceError {
        let (code, message) = AWSKMSErrors.jsonError(response)
        let detail = message.isEmpty ? code : "\(code): \(message)"
        let who = stanza.role.isEmpty ? credentials.source : "role \(stanza.role)"
        switch code {
        case "AccessDeniedException", "AccessDenied":
            return KeySourceError(.failed, key: key, "AWS KMS denied \(operation) on \(stanza.arn) as \(who): \(message)",
                                  hint: "allow kms:\(operation) on this key for \(who) (key policy and IAM policy)")
        case "InvalidCiphertextException":
            return KeySourceError(.failed, key: key, "AWS KMS refused the ciphertext: it was not made by this key with this encryption context",
                                  hint: stanza.context.isEmpty ? nil : "the stanza's context must equal the one used to encrypt")
        case "NotFoundException":
            return KeySourceError(.failed, key: key, "AWS KMS has no key \(stanza.arn) in \(AWSKeyARN(stanza.arn)?.region ?? "this region"): \(message)")
        case "DisabledException", "KMSInvalidStateException", "KeyUnavailableException":
            return KeySourceError(.failed, key: key, "the KMS key cannot be used now (\(detail))")
        case "IncorrectKeyException":
            return KeySourceError(.failed, key: key, "the ciphertext belongs to a different KMS key (\(detail))")
        default:
            return AWSKMSErrors.common(response, code: code, detail: detail, service: "AWS KMS", operation: operation,
                                       credentialsSource: credentials.source, attempts: attempts, key: key)
        }
    }
}
