import Crypto
public import HTTP
import TextEncoding

/// AWS Secrets Manager, for `kubectl secrets push`: writes one secret's value (create, or put a new
/// version when it exists) over the JSON API, signed with SigV4 using the same credential chain and
/// role assumption as the KMS key service.
public final class AWSSecretsManager: Sendable {
    /// What `write` did.
    public enum Write: Sendable, Equatable {
        case created
        case updated
    }

    public let region: String
    private let profile: String
    private let role: String
    private let environment: CloudEnvironment
    private let transport: CloudTransport
    private let chain: AWSCredentialChain

    /// `profile` (empty: the default chain) and `role` (empty: none) choose the credentials as a KMS
    /// stanza's `aws_profile` and `role` do. `transport` defaults to one built from the environment
    /// (proxies, `SSL_CERT_FILE`, `AWS_CA_BUNDLE`).
    public init(environment: CloudEnvironment, region: String, profile: String = "", role: String = "",
                transport: CloudTransport? = nil, clock: @escaping @Sendable () -> UTCTime = { UTCTime.now() }) {
        self.environment = environment
        self.region = region
        self.profile = profile
        self.role = role
        self.transport = transport ?? {
            var options = HTTPClient.Options(environment: environment.variables)
            if let ca = environment["AWS_CA_BUNDLE"] { options.caBundlePath = environment.expand(ca) }
            return CloudTransport(http: HTTPClient(options: options))
        }()
        chain = AWSCredentialChain(environment: environment, transport: self.transport, clock: clock)
    }

    /// The region the SDKs would use: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's
    /// `region` in the shared config (`profile`, else `AWS_PROFILE`, else `default`).
    public static func defaultRegion(environment: CloudEnvironment, profile: String = "") -> String? {
        if let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] { return region }
        let name = profile.isEmpty ? environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"] ?? "default" : profile
        return (try? AWSSharedConfig.load(environment))?.profiles[name]?["region"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Stores `secretString` (UTF-8 text, here a JSON object) as the current value of the secret
    /// `name` with `tags`: `CreateSecret`, or `PutSecretValue` and `TagResource` when it exists.
    public func write(name: String, secretString: SecretBytes,
                      tags: [(key: String, value: String)]) async throws(KeySourceError) -> Write {
        let id = "secretsmanager \(name)"
        let credentials = try await credentials(key: id)
        let value = JSONBody.string(secretString.withUnsafeBytes { String(decoding: $0, as: UTF8.self) })
        let tagList = JSONBody.array(tags.map { .object([("Key", .string($0.key)), ("Value", .string($0.value))]) })
        let created = try await call("CreateSecret", .object([("Name", .string(name)), ("SecretString", value), ("Tags", tagList),
                                                               ("ClientRequestToken", .string(Self.requestToken()))]),
                                     credentials: credentials, name: name, key: id, tolerating: "ResourceExistsException")
        if created { return .created }
        _ = try await call("PutSecretValue", .object([("SecretId", .string(name)), ("SecretString", value),
                                                      ("ClientRequestToken", .string(Self.requestToken()))]),
                           credentials: credentials, name: name, key: id)
        if !tags.isEmpty {
            _ = try await call("TagResource", .object([("SecretId", .string(name)), ("Tags", tagList)]),
                               credentials: credentials, name: name, key: id)
        }
        return .updated
    }

    private func credentials(key: String) async throws(KeySourceError) -> AWSCredentials {
        let partition = AWSEndpoints.partition(region: region)
        guard let base = try await chain.credentials(profile: profile, region: region, partition: partition, key: key) else {
            throw KeySourceError(.credentials, key: key, "no AWS credentials found", hint: AWSKMSKeyService.noCredentialsHint)
        }
        guard !role.isEmpty else { return base }
        return try await chain.assumedRole(role, base: base, region: region, partition: partition, key: key)
    }

    /// One operation, retried while throttled. True when it succeeded, false when it failed with
    /// the error code `tolerating`.
    private func call(_ operation: String, _ body: JSONBody, credentials: AWSCredentials, name: String, key: String,
                      tolerating tolerated: String? = nil) async throws(KeySourceError) -> Bool {
        guard let url = AWSEndpoints.url(service: "secretsmanager", variable: "AWS_ENDPOINT_URL_SECRETSMANAGER",
                                         region: region, partition: AWSEndpoints.partition(region: region), environment) else {
            throw KeySourceError(.invalidKey, key: key, "AWS_ENDPOINT_URL_SECRETSMANAGER / AWS_ENDPOINT_URL is not an http(s) URL")
        }
        let signer = SigV4Signer(credentials: credentials.signing, region: region, service: "secretsmanager")
        let outcome = try await transport.send(isRetryable: AWSKMSErrors.isRetryable) { () throws(KeySourceError) -> HTTPRequest in
            var request = HTTPRequest.json(url, body, contentType: "application/x-amz-json-1.1",
                                           headers: [HTTPHeader("X-Amz-Target", "secretsmanager.\(operation)")])
            signer.sign(&request)
            return request
        }
        let response = try outcome.response { AWSKMSErrors.transport($0, service: "AWS Secrets Manager", region: region, key: key) }
        if response.isSuccess { return true }
        let (code, message) = AWSKMSErrors.jsonError(response)
        if code == tolerated { return false }
        let detail = message.isEmpty ? code : "\(code): \(message)"
        let who = role.isEmpty ? credentials.source : "role \(role)"
        switch code {
        case "AccessDeniedException", "AccessDenied":
            throw KeySourceError(.failed, key: key, "AWS Secrets Manager denied \(operation) as \(who): \(message)",
                                 hint: "allow secretsmanager:CreateSecret, PutSecretValue and TagResource on \(name) for \(who)")
        default:
            throw AWSKMSErrors.common(response, code: code, detail: detail, service: "AWS Secrets Manager", operation: operation,
                                      credentialsSource: credentials.source, attempts: outcome.attempts, key: key)
        }
    }

    /// A random UUID (version 4): the idempotency token the SDKs send, so a retried request does
    /// not create a second version.
    static func requestToken() -> String {
        var bytes = SecureRandom.bytes(16)
        bytes[6] = bytes[6] & 0x0f | 0x40
        bytes[8] = bytes[8] & 0x3f | 0x80
        let hex = Array(Hex.encode(bytes))
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(hex[$0]) }.joined(separator: "-")
    }
}
