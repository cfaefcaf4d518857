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
