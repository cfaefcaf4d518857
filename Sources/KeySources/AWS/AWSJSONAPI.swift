import Crypto
public import HTTP

/// An AWS JSON 1.1 API (`X-Amz-Target`) called as the KMS key service calls KMS: credentials from
/// the same chain with the same role assumption, SigV4, retries while throttled, AWS's error
/// documents in the same words. The bridges reach AWS Secrets Manager through it.
public final class AWSJSONAPI: Sendable {
    public let region: String
    /// `secretsmanager`: the SigV4 service and the endpoint's name.
    private let service: String
    /// `AWS Secrets Manager`, for messages.
    private let name: String
    private let profile: String
    private let role: String
    private let environment: CloudEnvironment
    private let transport: CloudTransport
    private let chain: AWSCredentialChain

    /// `service` of `region`, named `name` in messages; `profile` (empty: the default chain) and
    /// `role` (empty: none) choose the credentials as a KMS stanza's `aws_profile` and `role` do.
    /// `transport` defaults to one built from the environment (proxies, `SSL_CERT_FILE`, `AWS_CA_BUNDLE`).
    public init(service: String, name: String, environment: CloudEnvironment, region: String, profile: String = "",
                role: String = "", transport: CloudTransport? = nil, clock: @escaping @Sendable () -> UTCTime = { UTCTime.now() }) {
        self.service = service
        self.name = name
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

    /// The credentials calls use: the chain's, then the role assumed. `key` names the caller's object in errors.
    public func credentials(key: String) async throws(KeySourceError) -> AWSCredentials {
        let partition = AWSEndpoints.partition(region: region)
        guard let base = try await chain.credentials(profile: profile, region: region, partition: partition, key: key) else {
            throw KeySourceError(.credentials, key: key, "no AWS credentials found", hint: AWSKMSKeyService.noCredentialsHint)
        }
        guard !role.isEmpty else { return base }
        return try await chain.assumedRole(role, base: base, region: region, partition: partition, key: key)
    }

    /// One operation (`X-Amz-Target: <target>.<operation>`), retried while throttled. True when it
    /// succeeded, false when it failed with the error code `tolerating`; an access denial is what
    /// `denied(who, message)` makes of it.
    public func call(_ operation: String, target: String, _ body: JSONBody, credentials: AWSCredentials, key: String,
                     tolerating tolerated: String? = nil,
                     denied: (_ who: String, _ message: String) -> KeySourceError) async throws(KeySourceError) -> Bool {
        let variable = "AWS_ENDPOINT_URL_\(service.uppercased())"
        guard let url = AWSEndpoints.url(service: service, variable: variable,
                                         region: region, partition: AWSEndpoints.partition(region: region), environment) else {
            throw KeySourceError(.invalidKey, key: key, "\(variable) / AWS_ENDPOINT_URL is not an http(s) URL")
        }
        let (response, attempts) = try await Self.send("\(target).\(operation)", body, to: url, service: service, name: name,
                                                       region: region, credentials: credentials, transport: transport, key: key)
        if response.isSuccess { return true }
        let (code, message) = AWSKMSErrors.jsonError(response)
        if code == tolerated { return false }
        let detail = message.isEmpty ? code : "\(code): \(message)"
        switch code {
        case "AccessDeniedException", "AccessDenied":
            throw denied(role.isEmpty ? credentials.source : "role \(role)", message)
        default:
            throw AWSKMSErrors.common(response, code: code, detail: detail, service: name, operation: operation,
                                      credentialsSource: credentials.source, attempts: attempts, key: key)
        }
    }
}

extension AWSJSONAPI {
    /// A JSON 1.1 request (`X-Amz-Target: target`) to `url`, signed for `service` in `region`, retried
    /// while throttled: the answer whatever its status, and the attempts it took. KMS calls go this way too.
    static func send(_ target: String, _ body: JSONBody, to url: HTTPURL, service: String, name: String, region: String,
                     credentials: AWSCredentials, transport: CloudTransport,
                     key: String) async throws(KeySourceError) -> (response: HTTPResponse, attempts: Int) {
        let signer = SigV4Signer(credentials: credentials.signing, region: region, service: service)
        let outcome = try await transport.send(isRetryable: AWSKMSErrors.isRetryable) { () throws(KeySourceError) -> HTTPRequest in
            var request = HTTPRequest.json(url, body, contentType: "application/x-amz-json-1.1", headers: [HTTPHeader("X-Amz-Target", target)])
            signer.sign(&request)
            return request
        }
        return (try outcome.response { AWSKMSErrors.transport($0, service: name, region: region, key: key) }, outcome.attempts)
    }
}
