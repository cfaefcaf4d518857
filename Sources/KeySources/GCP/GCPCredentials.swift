import Crypto
import HTTP
import JSON
import TextEncoding

/// Google OAuth access tokens, found as sops finds them: `GOOGLE_CREDENTIALS` (a path or the JSON
/// itself), else `GOOGLE_OAUTH_ACCESS_TOKEN`, else application default credentials
/// (`GOOGLE_APPLICATION_CREDENTIALS`, gcloud's `application_default_credentials.json`, then the
/// metadata server). Credentials files may be a service account (a JWT signed with its key is
/// exchanged at its `token_uri`), an authorized user (refresh token), or an external account
/// (workload identity federation, `GCPExternalAccount`).
final class GCPCredentials: Sendable {
    static let scope = "https://www.googleapis.com/auth/cloudkms"
    static let defaultTokenURI = "https://oauth2.googleapis.com/token"

    private let environment: CloudEnvironment
    private let transport: CloudTransport
    private let clock: @Sendable () -> UTCTime
    private let cache: CloudCredentialCache<CloudBearerToken?>

    init(environment: CloudEnvironment, transport: CloudTransport, clock: @escaping @Sendable () -> UTCTime) {
        self.environment = environment
        self.transport = transport
        self.clock = clock
        cache = CloudCredentialCache(clock: clock)
    }

    /// A token for Cloud KMS; nil when nothing is configured and no metadata server answers.
    func token(key: String) async throws(KeySourceError) -> CloudBearerToken? {
        try await cache.value(for: "cloudkms") { [self] () throws(KeySourceError) in
            let token = try await fetch(key: key)
            return .init(value: token, expiration: token?.expiration)
        }
    }

    private func fetch(key: String) async throws(KeySourceError) -> CloudBearerToken? {
        if let credentials = environment["GOOGLE_CREDENTIALS"] {
            let json = credentials.trimmedWhitespace.hasPrefix("{") ? Array(credentials.utf8)
                : try readCredentialsFile(credentials, variable: "GOOGLE_CREDENTIALS", key: key)
            return try await fromCredentialsJSON(json, origin: "GOOGLE_CREDENTIALS", key: key)
        }
        if let token = environment["GOOGLE_OAUTH_ACCESS_TOKEN"] {
            return CloudBearerToken(value: token, expiration: nil, source: "GOOGLE_OAUTH_ACCESS_TOKEN")
        }
        if let path = environment["GOOGLE_APPLICATION_CREDENTIALS"] {
            return try await fromCredentialsJSON(try readCredentialsFile(path, variable: "GOOGLE_APPLICATION_CREDENTIALS", key: key),
                                                 origin: path, key: key)
        }
        let gcloud = (environment["CLOUDSDK_CONFIG"] ?? "~/.config/gcloud") + "/application_default_credentials.json"
        if let json = try? environment.readFile(gcloud) {
            return try await fromCredentialsJSON(json, origin: gcloud, key: key)
        }
        return await fromMetadataServer()
    }

    private func readCredentialsFile(_ path: String, variable: String, key: String) throws(KeySourceError) -> [UInt8] {
        let bytes: [UInt8]?
        do { bytes = try environment.readFile(path) } catch {
            throw KeySourceError(.credentials, key: key, error.description)
        }
        guard let bytes else { throw KeySourceError(.credentials, key: key, "\(variable) names \(path), which does not exist") }
        return bytes
    }

    private func fromCredentialsJSON(_ bytes: [UInt8], origin: String, key: String) async throws(KeySourceError) -> CloudBearerToken {
        var bytes = bytes
        defer { Memory.zero(&bytes) }
        guard let json = bytes.withUnsafeBytes({ JSONDocument(parsing: $0) })?.root else {
            throw KeySourceError(.credentials, key: key, "\(origin) is not a JSON credentials file")
        }
        let tokenURI = json["token_uri"]?.string ?? Self.defaultTokenURI
        guard let url = HTTPURL(tokenURI) else {
            throw KeySourceError(.credentials, key: key, "\(origin): token_uri is not an http(s) URL")
        }
        switch json["type"]?.string {
        case "service_account":
            guard let email = json["client_email"]?.string, let pem = json["private_key"]?.string,
                  let privateKey = try? RSA.PrivateKey(pem: pem) else {
                throw KeySourceError(.credentials, key: key, "\(origin): service account without client_email or a usable private_key")
            }
            let assertion = try signedJWT(email: email, keyID: json["private_key_id"]?.string, audience: tokenURI, key: privateKey, origin: origin, errorKey: key)
            return try await exchange(url, [("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), ("assertion", assertion)],
                                      source: "service account \(email)", key: key)
        case "authorized_user":
            guard let client = json["client_id"]?.string, let secret = json["client_secret"]?.string,
                  let refresh = json["refresh_token"]?.string else {
                throw KeySourceError(.credentials, key: key, "\(origin): authorized_user without client_id, client_secret or refresh_token")
            }
            return try await exchange(url, [("grant_type", "refresh_token"), ("client_id", client), ("client_secret", secret),
                                            ("refresh_token", refresh)], source: "gcloud user credentials", key: key)
        case "external_account":
            return try await GCPExternalAccount(environment: environment, transport: transport, clock: clock, origin: origin, key: key)
                .token(json)
        case let other:
            throw KeySourceError(.credentials, key: key, "\(origin): credentials of type \(other ?? "(none)") are not supported",
                                 hint: "use a service account key or `gcloud auth application-default login`")
        }
    }

    /// An RS256 JWT asserting the service account, for the token endpoint.
    private func signedJWT(email: String, keyID: String?, audience: String, key privateKey: RSA.PrivateKey, origin: String,
                           errorKey key: String) throws(KeySourceError) -> String {
        let now = clock().secondsSinceEpoch
        var header: [(String, JSONBody)] = [("alg", .string("RS256")), ("typ", .string("JWT"))]
        if let keyID { header.append(("kid", .string(keyID))) }
        let claims = JSONBody.object([("iss", .string(email)), ("scope", .string(Self.scope)), ("aud", .string(audience)),
                                      ("iat", .integer(now)), ("exp", .integer(now + 3600))])
        let signingInput = [JSONBody.object(header), claims]
            .map { Base64.encode($0.encoded().unsafeArray(), .url) }.joined(separator: ".")
        do {
            return signingInput + "." + Base64.encode(try privateKey.signSHA256(Array(signingInput.utf8)), .url)
        } catch {
            throw KeySourceError(.credentials, key: key, "\(origin): cannot sign with the service account key: \(error)")
        }
    }

    private func exchange(_ url: HTTPURL, _ fields: [(String, String)], source: String,
                          key: String) async throws(KeySourceError) -> CloudBearerToken {
        try await transport.bearerToken(HTTPRequest.form(url, fields), service: "Google's token endpoint", source: source,
                                        hint: "check the credentials file (GOOGLE_APPLICATION_CREDENTIALS / GOOGLE_CREDENTIALS), or run `gcloud auth application-default login`",
                                        now: clock(), key: key)
    }

    /// The GCE/GKE metadata server (`GCE_METADATA_HOST`, host[:port]); nil off Google Cloud.
    private func fromMetadataServer() async -> CloudBearerToken? {
        let host = environment["GCE_METADATA_HOST"] ?? "169.254.169.254"
        guard let url = HTTPURL("http://\(host)/computeMetadata/v1/instance/service-accounts/default/token") else { return nil }
        let request = HTTPRequest(url: url, headers: [HTTPHeader("Metadata-Flavor", "Google")], timeouts: CloudTransport.metadataTimeouts)
        guard let response = try? await transport.http.send(request), response.isSuccess,
              response.headers.value(for: "Metadata-Flavor") == "Google",
              let json = response.json()?.root else { return nil }
        return CloudBearerToken(json: json, now: clock(), source: "the metadata server's service account")
    }
}
