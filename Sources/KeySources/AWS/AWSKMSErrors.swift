import HTTP

/// Turns AWS answers and transport failures into errors that say what to fix.
enum AWSKMSErrors {
    /// The `__type` (without namespace) and message of a JSON-protocol error response; XML error
    /// bodies (some gateways, and moto's IAM checks, answer that way) are read too.
    static func jsonError(_ response: HTTPResponse) -> (code: String, message: String) {
        guard let json = response.json()?.root else {
            let xml = AWSQueryError(response)
            return (xml.code, xml.message)
        }
        var code = json["__type"]?.string ?? json["code"]?.string ?? "HTTP \(response.status)"
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        let message = json["message"]?.string ?? json["Message"]?.string ?? ""
        return (code, CloudErrorText.sanitized(message))
    }

    static let throttlingCodes: Set<String> = ["ThrottlingException", "ThrottledException", "TooManyRequestsException",
                                               "RequestLimitExceeded", "Throttling", "LimitExceededException"]

    static func isRetryable(_ response: HTTPResponse) -> Bool {
        CloudTransport.isTransient(response) || (response.status == 400 && throttlingCodes.contains(jsonError(response).code))
    }

    /// Codes of a request whose credentials were refused (expired, unknown or mis-signed).
    static let rejectedCredentialCodes: Set<String> = [
        "ExpiredTokenException", "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignature",
        "MissingAuthenticationTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch",
    ]

    /// The failures every AWS JSON service shares, once its own codes are handled: refused
    /// credentials, throttling or outages that outlasted the retries, anything else by its status.
    static func common(_ response: HTTPResponse, code: String, detail: String, service: String, operation: String,
                       credentialsSource: String, attempts: Int, key: String) -> KeySourceError {
        if rejectedCredentialCodes.contains(code) {
            return KeySourceError(.credentials, key: key, "\(service) rejected the credentials (\(credentialsSource)): \(detail)",
                                  hint: "refresh your AWS credentials (new session token, `aws sso login`, or check AWS_PROFILE)")
        }
        if isRetryable(response) {
            return KeySourceError(.unreachable, key: key, "\(service) kept answering \(detail) (\(attempts) attempts)",
                                  hint: "\(service) is throttling or unavailable; try again later")
        }
        return KeySourceError(.failed, key: key, "\(service) \(operation) failed with HTTP \(response.status): \(detail)")
    }

    /// A transport failure talking to `service`; a host that does not resolve usually means a
    /// mistyped region.
    static func transport(_ error: HTTPError, service: String, region: String?, key: String) -> KeySourceError {
        switch error.code {
        case .hostNotFound:
            if let region {
                return KeySourceError(.unreachable, key: key, "cannot resolve \(service) at \(error.origin): is \(region) an AWS region?",
                                      hint: "check the region in the key ARN, or AWS_ENDPOINT_URL_KMS")
            }
            return KeySourceError(.unreachable, key: key, "cannot resolve \(service) at \(error.origin)")
        case .tls:
            return KeySourceError(.unreachable, key: key, "TLS with \(service) failed: \(error.description)", hint: error.hint)
        default:
            return KeySourceError(.unreachable, key: key, "cannot reach \(service): \(error.description)",
                                  hint: "check the network, proxy settings (HTTPS_PROXY) and AWS_ENDPOINT_URL*")
        }
    }
}
