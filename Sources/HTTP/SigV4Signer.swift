public import Crypto
import TextEncoding

/// AWS Signature Version 4 for non-S3 services (KMS, STS), per
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html and checked against
/// AWS's published SigV4 test suite.
public struct SigV4Signer: Sendable {
    /// An access key pair, with the session token of temporary credentials.
    public struct Credentials: Sendable, Equatable {
        public var accessKeyID: String
        public var secretAccessKey: SecretBytes
        public var sessionToken: String?

        public init(accessKeyID: String, secretAccessKey: SecretBytes, sessionToken: String? = nil) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }
    }

    static let algorithm = "AWS4-HMAC-SHA256"

    public var credentials: Credentials
    public var region: String
    public var service: String

    public init(credentials: Credentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Sets `Host`, `X-Amz-Date`, `X-Amz-Security-Token` (temporary credentials) and
    /// `Authorization`; every header present is signed.
    public func sign(_ request: inout HTTPRequest, at time: UTCTime = .now()) {
        request.headers.set("Host", request.url.authority)
        request.headers.set("X-Amz-Date", time.basicISO8601)
        if let token = credentials.sessionToken, !token.isEmpty { request.headers.set("X-Amz-Security-Token", token) }
        request.headers.set("Authorization", authorization(for: request, at: time))
    }

    /// The `Authorization` header value for a request whose headers are final.
    func authorization(for request: HTTPRequest, at time: UTCTime) -> String {
        let (canonical, signedHeaders) = canonicalRequest(request)
        let signature = signature(stringToSign(canonicalRequest: canonical, at: time), at: time)
        return "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(time)), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    func scope(_ time: UTCTime) -> String { "\(time.basicDate)/\(region)/\(service)/aws4_request" }

    /// The canonical request and the signed-headers list (task 1 of the signing process).
    func canonicalRequest(_ request: HTTPRequest) -> (String, String) {
        var byName: [String: [String]] = [:]
        var order: [String] = []
        for header in request.headers {
            let name = header.name.lowercased()
            if byName[name] == nil { order.append(name) }
            byName[name, default: []].append(Self.canonicalHeaderValue(header.value))
        }
        let names = order.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let headers = names.map { "\($0):\(byName[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let payloadHash = request.body.withUnsafeBytes { Hex.encode(SHA256.hash($0)) }
        let canonical = [
            request.method,
            Self.canonicalURI(request.url.path),
            Self.canonicalQuery(request.url.query),
            headers,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        return (canonical, signedHeaders)
    }

    func stringToSign(canonicalRequest: String, at time: UTCTime) -> String {
        [Self.algorithm, time.basicISO8601, scope(time), Hex.encode(SHA256.hash(Array(canonicalRequest.utf8)))].joined(separator: "\n")
    }

    func signature(_ stringToSign: String, at time: UTCTime) -> String {
        var secret = Array("AWS4".utf8) + credentials.secretAccessKey.unsafeArray()
        var kDate = HMAC.sha256(key: secret, data: Array(time.basicDate.utf8))
        var kRegion = HMAC.sha256(key: kDate, data: Array(region.utf8))
        var kService = HMAC.sha256(key: kRegion, data: Array(service.utf8))
        var kSigning = HMAC.sha256(key: kService, data: Array("aws4_request".utf8))
        defer {
            Memory.zero(&secret); Memory.zero(&kDate); Memory.zero(&kRegion)
            Memory.zero(&kService); Memory.zero(&kSigning)
        }
        return Hex.encode(HMAC.sha256(key: kSigning, data: Array(stringToSign.utf8)))
    }

    /// Trims the value and collapses runs of spaces into one.
    static func canonicalHeaderValue(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ").trimmedWhitespace
    }

    /// The path with dot segments and empty segments removed, each segment URI-encoded (once more
    /// than on the wire, as AWS requires for every service but S3).
    static func canonicalURI(_ path: String) -> String {
        var stack: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = stack.popLast()
            default: stack.append(segment)
            }
        }
        var uri = "/" + stack.map { HTTPURL.percentEncode(String($0)) }.joined(separator: "/")
        let endsInDirectory = path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/..")
        if !stack.isEmpty && endsInDirectory { uri += "/" }
        return uri
    }

    /// Parameters decoded, re-encoded strictly and sorted by name, then value.
    static func canonicalQuery(_ query: String?) -> String {
        guard let query, !query.isEmpty else { return "" }
        let pairs: [(String, String)] = query.split(separator: "&", omittingEmptySubsequences: true).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func encode(_ s: Substring?) -> String {
                guard let s else { return "" }
                return HTTPURL.percentEncode(HTTPURL.percentDecode(String(s)) ?? String(s))
            }
            return (encode(parts.first), encode(parts.count > 1 ? parts[1] : nil))
        }
        return pairs.sorted { a, b in
            a.0 != b.0 ? Array(a.0.utf8).lexicographicallyPrecedes(Array(b.0.utf8))
                       : Array(a.1.utf8).lexicographicallyPrecedes(Array(b.1.utf8))
        }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }
}
