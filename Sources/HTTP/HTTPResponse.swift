public import Crypto
import JSON

/// One HTTP response. The body may hold a data key (KMS `Decrypt`), so it is `SecretBytes`.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header fields of the final response, names as the server sent them.
    public var headers: [HTTPHeader]
    public var body: SecretBytes

    public init(status: Int, headers: [HTTPHeader] = [], body: SecretBytes = SecretBytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    /// Parses the body as JSON (nil if it is not JSON).
    public func json() -> JSONDocument? { body.withUnsafeBytes { JSONDocument(parsing: $0) } }

    /// The body as text, for bodies that carry no key material (errors, XML answers, metadata).
    public var text: String { body.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }
}
