import Crypto
import HTTP
import JSON
import TextEncoding

/// Credentials from AWS IAM Identity Center (SSO), as the AWS SDK for Go v2 gets them: the access
/// token `aws sso login` cached in `~/.aws/sso/cache/` is exchanged for a role's temporary
/// credentials by the portal's GetRoleCredentials. The token is never refreshed and the cache never
/// written (that stays the AWS CLI's job): an expired token means signing in again.
struct AWSSSOCredentials: Sendable {
    let transport: CloudTransport
    let environment: CloudEnvironment
    let clock: @Sendable () -> UTCTime

    /// The temporary credentials of the profile's account and role.
    func credentials(_ sso: AWSSSOProfile, key: String) async throws(KeySourceError) -> AWSCredentials {
        try await roleCredentials(sso, token: try cachedToken(sso, key: key), key: key)
    }

    /// The AWS CLI's cache file: the hex SHA-1 of the session name, or of the start URL for a legacy profile.
    func tokenCachePath(_ sso: AWSSSOProfile) -> String {
        environment.expand("~/.aws/sso/cache/\(Hex.encode(SHA1.hash(Array(sso.tokenCacheKey.utf8)))).json")
    }

    /// `accessToken` and `expiresAt` of a token cache file; nil when either is missing or malformed.
    static func token(_ json: JSONValue) -> (accessToken: String, expiresAt: UTCTime)? {
        guard let token = json["accessToken"]?.string, !token.isEmpty,
              let expiresAt = json["expiresAt"]?.string.flatMap(expiry) else { return nil }
        return (token, expiresAt)
    }

    /// RFC 3339, as the AWS CLI v2 writes it (`2026-11-23T10:00:00Z`) and the Go SDK requires; also
    /// `2026-11-23T10:00:00UTC`, which older CLI versions (botocore's `%Z`) wrote.
    static func expiry(_ text: String) -> UTCTime? {
        UTCTime(rfc3339: text.hasSuffix("UTC") ? text.dropLast(3) + "Z" : text)
    }

    private func cachedToken(_ sso: AWSSSOProfile, key: String) throws(KeySourceError) -> String {
        let path = tokenCachePath(sso)
        let hint = "run: \(sso.loginCommand)"
        let read: [UInt8]?
        do { read = try environment.readFile(path, limit: 64 << 10) } catch {
            throw KeySourceError(.credentials, key: key, "AWS profile \(sso.profile): SSO token cache: \(error.description)", hint: hint)
        }
        guard var bytes = read else {
            throw KeySourceError(.credentials, key: key, "AWS profile \(sso.profile): not signed in to SSO (no token cached in \(path))",
                                 hint: hint)
        }
        defer { Memory.zero(&bytes) }
        guard let token = bytes.withUnsafeBytes({ JSONDocument(parsing: $0) }).flatMap({ Self.token($0.root) }) else {
            throw KeySourceError(.credentials, key: key,
                                 "AWS profile \(sso.profile): the SSO token cache \(path) lacks a valid accessToken and expiresAt", hint: hint)
        }
        guard clock() < token.expiresAt else {
            throw KeySourceError(.credentials, key: key, "AWS profile \(sso.profile): the SSO session expired at \(token.expiresAt.rfc3339)",
                                 hint: hint)
        }
        return token.accessToken
    }

    private func roleCredentials(_ sso: AWSSSOProfile, token: String, key: String) async throws(KeySourceError) -> AWSCredentials {
        guard var url = AWSEndpoints.sso(region: sso.region, environment) else {
            throw KeySourceError(.invalidKey, key: key, "AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL is not an http(s) URL")
        }
        url.path = (url.path.hasSuffix("/") ? String(url.path.dropLast()) : url.path) + "/federation/credentials"
        url.query = "account_id=\(HTTPURL.percentEncode(sso.accountID))&role_name=\(HTTPURL.percentEncode(sso.roleName))"
        let outcome = try await transport.send(isRetryable: AWSKMSErrors.isRetryable) {
            HTTPRequest(url: url, headers: [HTTPHeader("x-amz-sso_bearer_token", token)])
        }
        let response = try outcome.response { AWSKMSErrors.transport($0, service: "AWS SSO", region: nil, key: key) }
        guard response.isSuccess else { throw failure(response, sso, token: token, attempts: outcome.attempts, key: key) }
        guard let role = response.json()?.root["roleCredentials"],
              let id = role["accessKeyId"]?.string, !id.isEmpty, let secret = role["secretAccessKey"]?.string, !secret.isEmpty,
              let milliseconds = role["expiration"]?.integer else {
            throw KeySourceError(.failed, key: key, "AWS SSO GetRoleCredentials answered without credentials")
        }
        return AWSCredentials(accessKeyID: id, secretAccessKey: SecretBytes(Array(secret.utf8)), sessionToken: role["sessionToken"]?.string,
                              expiration: UTCTime(secondsSinceEpoch: milliseconds / 1000), source: sso.source)
    }

    /// 401: the token is expired or signed out; 403: no access to this account and role.
    private func failure(_ response: HTTPResponse, _ sso: AWSSSOProfile, token: String, attempts: Int, key: String) -> KeySourceError {
        let (bodyCode, message) = AWSKMSErrors.jsonError(response)
        // REST-JSON services name the error in a header (`UnauthorizedException:http://…`).
        let code = response.headers.value(for: "x-amzn-ErrorType")?.split(separator: ":").first
            .map { CloudErrorText.sanitized(String($0)) } ?? bodyCode
        // The answer is untrusted: a server echoing the token must not put it into a message.
        let detail = (message.isEmpty ? code : "\(code): \(message)").replacing(token, with: "<token>")
        switch response.status {
        case 401:
            return KeySourceError(.credentials, key: key, "AWS profile \(sso.profile): AWS SSO refused the cached token (\(detail))",
                                  hint: "run: \(sso.loginCommand)")
        case 403:
            return KeySourceError(.credentials, key: key,
                                  "AWS profile \(sso.profile): AWS SSO denied role \(sso.roleName) in account \(sso.accountID) (\(detail))",
                                  hint: "check sso_account_id and sso_role_name, or run: \(sso.loginCommand)")
        default:
            return AWSKMSErrors.common(response, code: code, detail: detail, service: "AWS SSO", operation: "GetRoleCredentials",
                                       credentialsSource: sso.source, attempts: attempts, key: key)
        }
    }
}
