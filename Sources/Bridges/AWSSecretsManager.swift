public import Crypto
public import HTTP
public import KeySources
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

    private let api: AWSJSONAPI
    public var region: String { api.region }

    /// `profile` (empty: the default chain) and `role` (empty: none) choose the credentials as a KMS
    /// stanza's `aws_profile` and `role` do. `transport` defaults to one built from the environment
    /// (proxies, `SSL_CERT_FILE`, `AWS_CA_BUNDLE`).
    public init(environment: CloudEnvironment, region: String, profile: String = "", role: String = "",
                transport: CloudTransport? = nil, clock: @escaping @Sendable () -> UTCTime = { UTCTime.now() }) {
        api = AWSJSONAPI(service: "secretsmanager", name: "AWS Secrets Manager", environment: environment, region: region,
                         profile: profile, role: role, transport: transport, clock: clock)
    }

    /// The region the SDKs would use: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's
    /// `region` in the shared config (`profile`, else `AWS_PROFILE`, else `default`).
    public static func defaultRegion(environment: CloudEnvironment, profile: String = "") -> String? {
        AWSJSONAPI.defaultRegion(environment: environment, profile: profile)
    }

    /// Stores `secretString` (UTF-8 text, here a JSON object) as the current value of the secret
    /// `name` with `tags`: `CreateSecret`, or `PutSecretValue` and `TagResource` when it exists.
    public func write(name: String, secretString: SecretBytes,
                      tags: [(key: String, value: String)]) async throws(KeySourceError) -> Write {
        let id = "secretsmanager \(name)"
        let credentials = try await api.credentials(key: id)
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

    /// One operation, retried while throttled. True when it succeeded, false when it failed with
    /// the error code `tolerating`.
    private func call(_ operation: String, _ body: JSONBody, credentials: AWSCredentials, name: String, key: String,
                      tolerating tolerated: String? = nil) async throws(KeySourceError) -> Bool {
        try await api.call(operation, target: "secretsmanager", body, credentials: credentials, key: key, tolerating: tolerated) { who, message in
            KeySourceError(.failed, key: key, "AWS Secrets Manager denied \(operation) as \(who): \(message)",
                           hint: "allow secretsmanager:CreateSecret, PutSecretValue and TagResource on \(name) for \(who)")
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
