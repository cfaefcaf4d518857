import Crypto
import HTTP
import JSON

/// `external_account` credentials (workload identity federation), as Google's auth libraries read
/// them: a subject token (a CI provider's or another cloud's OIDC token) from a file or a URL is
/// exchanged at the Security Token Service for a federated access token, which is used as it is
/// or to impersonate a service account (`service_account_impersonation_url`). AWS
/// (`environment_id`) and executable credential sources are not supported.
struct GCPExternalAccount {
    static let stsScope = "https://www.googleapis.com/auth/cloud-platform"
    static let defaultTokenURL = "https://sts.googleapis.com/v1/token"

    let environment: CloudEnvironment
    let transport: CloudTransport
    let clock: @Sendable () -> UTCTime
    let origin: String
    let key: String

    /// The access token for Cloud KMS described by the credentials file `json`.
    func token(_ json: JSONValue) async throws(KeySourceError) -> CloudBearerToken {
        guard let audience = json["audience"]?.string, let tokenType = json["subject_token_type"]?.string,
              let source = json["credential_source"] else {
            throw failure("external_account without audience, subject_token_type or credential_source")
        }
        guard let tokenURL = HTTPURL(json["token_url"]?.string ?? Self.defaultTokenURL) else { throw failure("token_url is not an http(s) URL") }
        let subject = try await subjectToken(source)
        let federated = try await transport.bearerToken(HTTPRequest.form(tokenURL, [
            ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"), ("audience", audience), ("scope", Self.stsScope),
            ("requested_token_type", "urn:ietf:params:oauth:token-type:access_token"),
            ("subject_token", subject), ("subject_token_type", tokenType),
        ]), service: "Google's Security Token Service", source: "workload identity federation (\(origin))",
            hint: "check the workload identity pool provider (audience, attribute conditions) and the subject token", now: clock(), key: key)
        guard let impersonation = json["service_account_impersonation_url"]?.string else { return federated }
        guard let url = HTTPURL(impersonation) else { throw failure("service_account_impersonation_url is not an http(s) URL") }
        let lifetime = json["service_account_impersonation"]?["token_lifetime_seconds"]?.integer ?? 3600
        let account = impersonation.split(separator: "/").last.map { String($0.split(separator: ":").first ?? $0) } ?? impersonation
        return try await transport.bearerToken(
            HTTPRequest.json(url, .object([("scope", .array([.string(Self.stsScope)])), ("lifetime", .string("\(lifetime)s"))]),
                             headers: [federated.authorization]),
            service: "Google's IAM Credentials API", source: "impersonation of \(account)",
            hint: "grant the federated principal roles/iam.workloadIdentityUser (or Service Account Token Creator) on \(account)",
            now: clock(), key: key)
    }

    /// The subject token from `credential_source`: a file or a URL, as text or a JSON field.
    private func subjectToken(_ source: JSONValue) async throws(KeySourceError) -> String {
        var bytes: [UInt8]
        if let path = source["file"]?.string {
            let read: [UInt8]?
            do { read = try environment.readFile(path, limit: 64 << 10) } catch { throw failure(error.description) }
            guard let read else { throw failure("the subject token file \(path) does not exist") }
            bytes = read
        } else if let address = source["url"]?.string {
            guard let url = HTTPURL(address) else { throw failure("credential_source.url is not an http(s) URL") }
            let headers = (source["headers"]?.members ?? []).compactMap { member in
                member.value.string.map { HTTPHeader(member.key, $0) }
            }
            let response = try await transport.send { HTTPRequest(url: url, headers: headers) }.response(service: "the subject token URL", key: key)
            guard response.isSuccess else { throw failure("the subject token URL \(url.origin) answered HTTP \(response.status)") }
            bytes = response.body.unsafeArray()
        } else {
            throw failure("only file and url credential sources are supported (not AWS or executable sources)")
        }
        defer { Memory.zero(&bytes) }
        let format = source["format"]
        if format?["type"]?.string == "json" {
            let field = format?["subject_token_field_name"]?.string ?? ""
            guard let token = bytes.withUnsafeBytes({ JSONDocument(parsing: $0) })?.root[field]?.string, !token.isEmpty else {
                throw failure("the subject token is not JSON with a \(field) field")
            }
            return token
        }
        let token = String(decoding: bytes, as: UTF8.self).trimmedWhitespace
        guard !token.isEmpty else { throw failure("the subject token is empty") }
        return token
    }

    private func failure(_ message: String) -> KeySourceError {
        KeySourceError(.credentials, key: key, "\(origin): \(message)")
    }
}
