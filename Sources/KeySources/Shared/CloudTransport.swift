public import HTTP

/// Sends a key service's requests: retries transport failures and throttling responses with
/// jittered backoff (bounded by `retry`), and leaves interpreting the final response to the caller.
public struct CloudTransport: Sendable {
    public let http: HTTPClient
    public var retry: RetryPolicy

    public init(http: HTTPClient, retry: RetryPolicy = .standard) {
        self.http = http
        self.retry = retry
    }

    /// The outcome of sending: the last response, or the last transport error; plus the attempts made.
    struct Outcome {
        let result: Result<HTTPResponse, HTTPError>
        let attempts: Int

        /// The response, whatever its status; a transport failure becomes `failure(error)`.
        func response(_ failure: (HTTPError) -> KeySourceError) throws(KeySourceError) -> HTTPResponse {
            switch result {
            case .success(let response): return response
            case .failure(let error): throw failure(error)
            }
        }

        /// The response; a transport failure becomes "cannot reach `service`".
        func response(service: String, key: String) throws(KeySourceError) -> HTTPResponse {
            try response { KeySourceError(.unreachable, key: key, "cannot reach \(service): \($0.description)", hint: $0.hint) }
        }
    }

    /// Sends `makeRequest()` (called once per attempt, so signatures and tokens are fresh) until a
    /// response is not `isRetryable`, the transport error is not transient, or attempts run out.
    func send(retry policy: RetryPolicy? = nil, isRetryable: (HTTPResponse) -> Bool = CloudTransport.isTransient,
              _ makeRequest: () async throws(KeySourceError) -> HTTPRequest) async throws(KeySourceError) -> Outcome {
        let policy = policy ?? retry
        var attempt = 1
        while true {
            let request = try await makeRequest()
            let result: Result<HTTPResponse, HTTPError>
            do { result = .success(try await http.send(request)) } catch { result = .failure(error) }
            let again: Bool = switch result {
            case .success(let response): isRetryable(response)
            case .failure(let error): [.unreachable, .timedOut, .connectionLost].contains(error.code)
            }
            guard again, attempt < policy.maxAttempts, !Task.isCancelled else { return Outcome(result: result, attempts: attempt) }
            try? await Task.sleep(for: policy.delay(afterAttempt: attempt))
            attempt += 1
        }
    }

    /// Metadata endpoints (EC2, Azure, GCE) answer locally at once or not at all: off the cloud
    /// the link-local address leads nowhere, and that must not stall a command.
    static let metadataTimeouts = HTTPTimeouts(connect: .seconds(1), total: .seconds(3))

    /// 429 and 5xx: the statuses every service uses for "try again later".
    static func isTransient(_ response: HTTPResponse) -> Bool {
        response.status == 429 || (500...599).contains(response.status)
    }
}
