import HTTP
import JSON

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

    /// Reads an OAuth token answer: `access_token` (or `accessToken`), and `expires_in` (seconds,
    /// number or string), `expires_on` (epoch seconds as string or number, or a date) or `expireTime`.
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
            // A date: `expires_on`, or `expireTime` (Google's IAM Credentials API).
            expiration = (json["expires_on"] ?? json["expireTime"])?.string.flatMap { UTCTime(rfc3339: $0) }
        }
    }

    var authorization: HTTPHeader { HTTPHeader("Authorization", "Bearer \(value)") }
}

extension CloudTransport {
    /// Sends an OAuth token request (token endpoint or managed identity endpoint) and reads the
    /// token; a refusal is a credentials error with `hint`.
    func bearerToken(_ request: HTTPRequest, service: String, source: String, hint: String, now: UTCTime,
                     key: String) async throws(KeySourceError) -> CloudBearerToken {
        let response = try await send { request }.response(service: service, key: key)
        guard response.isSuccess else {
            throw KeySourceError(.credentials, key: key, "\(service) refused the \(source): \(CloudErrorText.detail(response))", hint: hint)
        }
        guard let json = response.json()?.root, let token = CloudBearerToken(json: json, now: now, source: source) else {
            throw KeySourceError(.credentials, key: key, "\(service) answered without an access token")
        }
        return token
    }
}
