import Synchronization

/// Sends HTTP requests through libcurl: many in flight at once (bounded), all driven by one
/// thread over libcurl's multi interface, awaited with `async`.
///
/// libcurl is loaded on the first `send`, not before. TLS certificates are always verified.
/// Nothing here logs; errors name the server's origin only.
public final class HTTPClient: Sendable {
    /// Limits and transport settings shared by every request of a client.
    public struct Options: Sendable, Equatable {
        /// Requests in flight at once; further ones wait their turn.
        public var maxConcurrentRequests = 16
        /// Default time limits (a request may override them).
        public var timeouts = HTTPTimeouts(connect: .seconds(5), total: .seconds(30))
        /// Larger response bodies fail with `.responseTooLarge`.
        public var maxResponseBytes = 1 << 20
        /// A PEM CA bundle to trust instead of the system's (private CAs, tests).
        public var caBundlePath: String?
        /// Proxy for `https` URLs (`HTTPS_PROXY`) and for `http` URLs (`HTTP_PROXY`); nil for none.
        public var httpsProxy: String?
        public var httpProxy: String?
        /// Hosts that bypass the proxy, comma-separated, in libcurl's `NO_PROXY` syntax.
        public var noProxy: String?
        public var userAgent = "gitsops"

        public init() {}

        /// Options from proxy and CA variables in `environment` (`HTTPS_PROXY`, `HTTP_PROXY`,
        /// `NO_PROXY` in either case, `SSL_CERT_FILE`), the way most HTTP clients read them, and
        /// `GITSOPS_KMS_CONCURRENCY` (requests in flight to key services, 1 to 256).
        public init(environment: [String: String]) {
            func value(_ name: String) -> String? {
                (environment[name] ?? environment[name.lowercased()]).flatMap { $0.isEmpty ? nil : $0 }
            }
            httpsProxy = value("HTTPS_PROXY")
            httpProxy = value("HTTP_PROXY")
            noProxy = value("NO_PROXY")
            caBundlePath = value("SSL_CERT_FILE")
            if let text = environment["GITSOPS_KMS_CONCURRENCY"], let limit = Int(text), (1...256).contains(limit) {
                maxConcurrentRequests = limit
            }
        }

        func proxy(for url: HTTPURL) -> String? {
            guard let proxy = url.scheme == "https" ? httpsProxy : httpProxy else { return nil }
            if let noProxy, bypassesProxy(url.host, noProxy) { return nil }
            return proxy
        }

        private func bypassesProxy(_ host: String, _ list: String) -> Bool {
            for entry in list.split(separator: ",").map({ $0.trimmedWhitespace.lowercased() }) where !entry.isEmpty {
                if entry == "*" || host == entry { return true }
                let suffix = entry.hasPrefix(".") ? entry : "." + entry
                if host.hasSuffix(suffix) { return true }
            }
            return false
        }
    }

    public let options: Options
    private let engine = Mutex<CurlMultiEngine?>(nil)

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Sends `request` and returns the response, whatever its status. Throws only when no
    /// complete response arrived (unreachable, timeout, TLS, size limit, cancellation).
    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let engine = try startedEngine()
        let cancellation = CurlMultiEngine.Cancellation()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                engine.submit(.init(request: request, cancellation: cancellation, continuation: continuation))
            }
        } onCancel: {
            cancellation.cancel()
            engine.wake()
        }
        return try result.get()
    }

    private func startedEngine() throws(HTTPError) -> CurlMultiEngine {
        let result = engine.withLock { engine -> Result<CurlMultiEngine, HTTPError> in
            if let engine { return .success(engine) }
            do throws(HTTPError) {
                let library = try CurlLibrary.shared.get()
                let created = try CurlMultiEngine(library: library, options: options)
                engine = created
                return .success(created)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
