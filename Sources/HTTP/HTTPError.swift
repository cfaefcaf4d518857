public import Diagnostics

/// A request that got no usable HTTP response. It names the server by origin only
/// (`https://host:port`), never the path, headers or body.
public struct HTTPError: GitsopsError, Equatable {
    public enum Code: Sendable, Equatable {
        /// The host name does not resolve.
        case hostNotFound
        /// The connection was refused or could not be established in time.
        case unreachable
        /// The connection or the whole exchange took longer than its limit.
        case timedOut
        /// The connection broke before a complete response arrived.
        case connectionLost
        /// TLS failed: untrusted certificate, wrong host name, handshake error.
        case tls
        /// The response body exceeded the client's limit.
        case responseTooLarge
        /// The request itself is unusable (bad URL, unsupported option).
        case invalidRequest
        /// The task waiting for the response was cancelled.
        case cancelled
        /// libcurl could not be loaded, or failed in a way not listed above.
        case transport
    }

    public var code: Code
    /// `scheme://host[:port]` of the server.
    public var origin: String
    public var message: String

    public init(_ code: Code, origin: String, _ message: String) {
        self.code = code
        self.origin = origin
        self.message = message
    }

    public var description: String { "\(origin): \(message)" }

    public var hint: String? {
        switch code {
        case .tls: "check the server's certificate, or the CA bundle (SSL_CERT_FILE) if it uses a private CA"
        case .hostNotFound, .unreachable: "check the address and your network (proxy settings: HTTPS_PROXY, NO_PROXY)"
        default: nil
        }
    }
}
