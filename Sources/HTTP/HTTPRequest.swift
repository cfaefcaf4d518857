public import Crypto

/// One HTTP request. The body is held as `SecretBytes` because request bodies carry data keys
/// (KMS `Encrypt`) and client secrets; it is zeroed when the request goes away.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: HTTPURL
    public var headers: [HTTPHeader]
    public var body: SecretBytes
    /// Overrides the client's timeouts for this request (metadata endpoints use short ones).
    public var timeouts: HTTPTimeouts?

    public init(method: String = "GET", url: HTTPURL, headers: [HTTPHeader] = [], body: SecretBytes = SecretBytes([]),
                timeouts: HTTPTimeouts? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
    }

    /// A `POST` of `application/x-www-form-urlencoded` fields (STS, OAuth token endpoints).
    public static func form(_ url: HTTPURL, _ fields: [(String, String)], headers: [HTTPHeader] = []) -> HTTPRequest {
        var text = [UInt8]()
        for (i, (name, value)) in fields.enumerated() {
            if i > 0 { text.append(UInt8(ascii: "&")) }
            text += Array(HTTPURL.percentEncode(name).utf8) + [UInt8(ascii: "=")] + Array(HTTPURL.percentEncode(value).utf8)
        }
        defer { Memory.zero(&text) }
        return HTTPRequest(method: "POST", url: url,
                           headers: headers + [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                           body: SecretBytes(text))
    }

    /// A `POST` of a JSON body.
    public static func json(_ url: HTTPURL, _ body: JSONBody, contentType: String = "application/json",
                            headers: [HTTPHeader] = []) -> HTTPRequest {
        HTTPRequest(method: "POST", url: url, headers: headers + [HTTPHeader("Content-Type", contentType)], body: body.encoded())
    }
}

/// Connection and whole-request time limits.
public struct HTTPTimeouts: Sendable, Equatable {
    /// Time to establish the TCP (and TLS) connection.
    public var connect: Duration
    /// Time for the whole exchange, from start to the last response byte.
    public var total: Duration
    public init(connect: Duration, total: Duration) {
        self.connect = connect
        self.total = total
    }
}
