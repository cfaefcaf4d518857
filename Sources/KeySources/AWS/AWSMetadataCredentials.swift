import HTTP

/// Credentials from the ECS/EKS Pod Identity container endpoint and from EC2 instance metadata
/// (IMDSv2).
struct AWSMetadataCredentials: Sendable {
    let transport: CloudTransport
    let environment: CloudEnvironment

    /// True when `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `_FULL_URI` is set.
    var hasContainerEndpoint: Bool {
        environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] != nil || environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] != nil
    }

    /// The container credentials endpoint, with its authorization token (from
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, re-read each time, or `AWS_CONTAINER_AUTHORIZATION_TOKEN`).
    func container(key: String) async throws(KeySourceError) -> AWSCredentials {
        let url: HTTPURL?
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            url = HTTPURL("http://169.254.170.2" + (relative.hasPrefix("/") ? relative : "/" + relative))
        } else {
            url = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"].flatMap { HTTPURL($0) }
        }
        guard let url else {
            throw KeySourceError(.credentials, key: key, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL")
        }
        // The SDKs only send the token over TLS or to the link-local/loopback container agents.
        guard url.scheme == "https" || ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "127.0.0.1", "::1", "localhost"].contains(url.host) else {
            throw KeySourceError(.credentials, key: key, "the container credentials endpoint \(url.origin) is neither https nor a local agent")
        }
        var headers: [HTTPHeader] = []
        if let tokenFile = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            let token: String?
            do { token = try environment.readTextFile(tokenFile) } catch {
                throw KeySourceError(.credentials, key: key, error.description)
            }
            guard let token, !token.isEmpty else {
                throw KeySourceError(.credentials, key: key, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(tokenFile) is missing or empty")
            }
            headers.append(HTTPHeader("Authorization", token))
        } else if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] {
            headers.append(HTTPHeader("Authorization", token))
        }
        let outcome = try await transport.send { HTTPRequest(url: url, headers: headers, timeouts: CloudTransport.metadataTimeouts) }
        let response = try outcome.response(service: "the container credentials endpoint", key: key)
        guard response.isSuccess, let json = response.json()?.root,
              let credentials = AWSCredentials(json: json, source: "container credentials endpoint") else {
            throw KeySourceError(.credentials, key: key,
                                 "the container credentials endpoint \(url.origin) answered HTTP \(response.status) without credentials")
        }
        return credentials
    }

    /// The instance role's credentials through IMDSv2 (IMDSv1 when the token is refused, unless
    /// `AWS_EC2_METADATA_V1_DISABLED=true`); nil when there is no instance metadata service (not
    /// on EC2, `AWS_EC2_METADATA_DISABLED=true`) or no role attached.
    func instance(key: String) async throws(KeySourceError) -> AWSCredentials? {
        guard !environment.flag("AWS_EC2_METADATA_DISABLED") else { return nil }
        let base = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254"
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        guard let tokenURL = HTTPURL(trimmed + "/latest/api/token"),
              let listURL = HTTPURL(trimmed + "/latest/meta-data/iam/security-credentials/") else {
            throw KeySourceError(.credentials, key: key, "AWS_EC2_METADATA_SERVICE_ENDPOINT is not an http(s) URL")
        }
        let http = transport.http
        func get(_ request: HTTPRequest) async -> HTTPResponse? { try? await http.send(request) }

        // Nothing answering means no instance metadata service (not on EC2).
        guard let tokenResponse = await get(HTTPRequest(method: "PUT", url: tokenURL,
                                                        headers: [HTTPHeader("X-aws-ec2-metadata-token-ttl-seconds", "21600")],
                                                        timeouts: CloudTransport.metadataTimeouts)) else { return nil }
        let auth: [HTTPHeader]
        if tokenResponse.isSuccess {
            auth = [HTTPHeader("X-aws-ec2-metadata-token", tokenResponse.text.trimmedWhitespace)]
        } else if tokenResponse.status != 400 && !environment.flag("AWS_EC2_METADATA_V1_DISABLED") {
            auth = []  // IMDSv1, as the SDK falls back to when the token is refused (403, 404, 405, …)
        } else {
            return nil
        }
        guard let list = await get(HTTPRequest(url: listURL, headers: auth, timeouts: CloudTransport.metadataTimeouts)), list.isSuccess,
              let role = list.text.split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty,
              let roleURL = HTTPURL(listURL.description + HTTPURL.percentEncode(role)) else { return nil }
        guard let response = await get(HTTPRequest(url: roleURL, headers: auth, timeouts: CloudTransport.metadataTimeouts)), response.isSuccess,
              let json = response.json()?.root,
              let credentials = AWSCredentials(json: json, source: "instance role \(role)") else {
            throw KeySourceError(.credentials, key: key, "instance metadata did not return credentials for role \(role)")
        }
        return credentials
    }
}
