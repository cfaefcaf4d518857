import HTTP

/// An OAuth access token (Azure, GCP) with its expiry and where it came from (for messages).
struct CloudBearerToken: Sendable {
    let value: String
    let expiration: UTCTime?
    let source: String

    init(value: String, expiration: UTCTime?, source: String) {
        self.value = value
        self.expiration = expiration
        self.source = source
    }

    /// Reads an OAuth token answer: `access_token`, and `expires_in` (seconds, number or string)
    /// or `expires_on` (epoch seconds as string or number, or a date).
    init?(json: JSONValue, now: UTCTime, source: String) {
        guard let token = json["access_token"]?.string ?? json["accessToken"]?.string, !token.isEmpty else { return nil }
        value = token
        self.source = source
        func seconds(_ v: JSONValue?) -> Int64? { v?.integer ?? v?.string.flatMap { Int64($0) } }
        if let expiresIn = seconds(json["expires_in"]) {
            expiration = now.adding(seconds: expiresIn)
        } else if let expiresOn = seconds(json["expires_on"]) {
            expiration = UTCTime(secondsSinceEpoch: expiresOn)
        } else {
            expiration = json["expires_on"]?.string.flatMap { UTCTime(rfc3339: $0) }
        }
    }

    var authorization: HTTPHeader { HTTPHeader("Authorization", "Bearer \(value)") }
}

/// The message of an OAuth/OpenID error answer (`error`, `error_description`), or of a Google or
/// Azure-style `{"error": {"code", "message"}}` body.
func cloudErrorDetail(_ response: HTTPResponse) -> String {
    guard let json = response.json()?.root else {
        let text = AWSKMSErrors.sanitized(response.text.trimmedWhitespace)
        return text.isEmpty ? "HTTP \(response.status)" : "HTTP \(response.status): \(text.prefix(200))"
    }
    if let error = json["error"], error.string == nil {
        let code = error["status"]?.string ?? error["code"]?.string ?? error["code"]?.integer.map(String.init) ?? "HTTP \(response.status)"
        let inner = error["innererror"]?["code"]?.string.map { " (\($0))" } ?? ""
        return AWSKMSErrors.sanitized("\(code)\(inner): \(error["message"]?.string ?? "")")
    }
    if let code = json["error"]?.string {
        return AWSKMSErrors.sanitized(code + (json["error_description"]?.string.map { ": \($0)" } ?? ""))
    }
    if let errors = json["errors"]?.array {
        return AWSKMSErrors.sanitized(errors.compactMap(\.string).joined(separator: "; "))
    }
    return "HTTP \(response.status)"
}
