import Crypto
import Foundation
import HTTP
import TestSupport
import Testing
import TextEncoding

/// The HTTP client against a local test server (Tests/Servers/http_test_server.py).
@Suite struct HTTPClientTests {
    static func url(_ server: TestServer, _ path: String) throws -> HTTPURL {
        try #require(HTTPURL(server.url + path))
    }

    @Test func postsBodyAndHeadersAndReadsTheResponse() async throws {
        let server = try await TestServer.start("http_test_server.py")
        defer { server.stop() }
        let client = HTTPClient()
        let request = HTTPRequest.json(try Self.url(server, "/echo?x=1"), .object([("KeyId", .string("k\"1")), ("n", .integer(5))]),
                                       headers: [HTTPHeader("X-Test", "yes")])
        let response = try await client.send(request)
        #expect(response.status == 200)
        #expect(response.headers.value(for: "content-type") == "application/json")
        let echo = try #require(response.json()?.root)
        #expect(echo["method"]?.string == "POST")
        #expect(echo["path"]?.string == "/echo?x=1")
        let headers = try #require(echo["headers"]?.array).compactMap { pair -> (String, String)? in
            guard let name = pair[0]?.string, let value = pair[1]?.string else { return nil }
            return (name.lowercased(), value)
        }
        #expect(headers.contains { $0 == ("x-test", "yes") })
        #expect(headers.contains { $0 == ("content-type", "application/json") })
        #expect(!headers.contains { $0.0 == "expect" })
        let body = try #require(echo["body"]?.string.flatMap { Base64.decode($0) })
        #expect(String(decoding: body, as: UTF8.self) == #"{"KeyId":"k\"1","n":5}"#)
    }

    @Test func putWithoutBodySendsContentLengthZero() async throws {
        let server = try await TestServer.start("http_test_server.py")
        defer { server.stop() }
        let response = try await HTTPClient().send(HTTPRequest(method: "PUT", url: try Self.url(server, "/echo")))
        let echo = try #require(response.json()?.root)
        #expect(echo["method"]?.string == "PUT")
        let length = echo["headers"]?.array?.first { $0[0]?.string?.lowercased() == "content-length" }?[1]?.string
        #expect(length == "0")
    }

    @Test func errorStatusIsAResponseNotAnError() async throws {
        let server = try await TestServer.start("http_test_server.py")
        defer { server.stop() }
        let response = try await HTTPClient().send(HTTPRequest(url: try Self.url(server, "/status?code=429")))
        #expect(response.status == 429)
        #expect(!response.isSuccess)
    }

    /// 3 × limit requests that each take 600 ms on the server: with the default bound of 16 the
    /// server sees exactly 16 at once (never more; and the client does use all 16 slots, so 48
    /// requests take 3 rounds, not 48); with a bound of 4 it sees 4.
    @Test(arguments: [16, 4])
    func concurrentRequestsAreBoundedAndOverlap(limit: Int) async throws {
        let server = try await TestServer.start("http_test_server.py")
        defer { server.stop() }
        var options = HTTPClient.Options()
        if limit != 16 { options.maxConcurrentRequests = limit }
        #expect(HTTPClient.Options().maxConcurrentRequests == 16)
        let client = HTTPClient(options: options)
        let url = try Self.url(server, "/delay?ms=600")
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<3 * limit { group.addTask { try await client.send(HTTPRequest(url: url)).status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 3 * limit))
        let stats = try await server.send("stats")
        #expect(stats["total"] as? Int == 3 * limit)
        #expect(stats["max_concurrent"] as? Int == limit)
    }

    @Test func totalTimeoutEndsAHangingRequest() async throws {
        let server = try await TestServer.start("http_test_server.py")
        defer { server.stop() }
        let request = HTTPRequest(url: try Self.url(server, "/hang"),
                                  timeouts: HTTPTimeouts(connect: .seconds(2), total: .milliseconds(300)))
        let error = await #expect(throws: HTTPError.self) { try await HTTPClient().send(request) }
        #expect(error?.code == .timedOut)
        #expect(error?.origin == server.url)
    }

    @Test func refusedConnectionIsUnreachable() async throws {
        let port = try FreePort.next()
        let request = HTTPRequest(url: try #require(HTTPURL("http://127.0.0.1:\(port)/secret/path?token=abc")))
        let error = await #expect(throws: HTTPError.self) { try await HTTPClient().send(request) }
        #expect(error?.code == .unreachable)
        // The message names the server, never the path or query.
        #expect(error?.description.contains("127.0.0.1:\(port)") == true)
        #expect(error?.description.contains("secret") == false)
        #expect(error?.description.contains("token") == false)
    }

    @Test func unresolvableHostIsHostNotFound() async throws {
        let request = HTTPRequest(url: try #require(HTTPURL("https://kms.nowhere.invalid/")))
        let error = await #expect(throws: HTTPError.self) { try await HTTPClient().send(request) }
        #expect(error?.code == .hostNotFound)
    }

    @Test func responseSizeIsBounded() async throws {
        let server = try await TestServer.start("http_test_server.py")
        defer { server.stop() }
        var options = HTTPClient.Options()
        options.maxResponseBytes = 64 * 1024
        let client = HTTPClient(options: options)
        let fits = try await client.send(HTTPRequest(url: try Self.url(server, "/bytes?count=65536")))
        #expect(fits.body.count == 65536)
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: try Self.url(server, "/bytes?count=65537")))
        }
        #expect(error?.code == .responseTooLarge)
    }

    @Test func tlsIsVerifiedAgainstTheConfiguredCA() async throws {
        let dir = try TemporaryDirectory()
        let server = try await TestServer.start("http_test_server.py", ["--tls", dir.path])
        defer { server.stop() }
        let request = HTTPRequest(url: try Self.url(server, "/status?code=200"))
        let untrusted = await #expect(throws: HTTPError.self) { try await HTTPClient().send(request) }
        #expect(untrusted?.code == .tls)
        var options = HTTPClient.Options()
        let ca = try #require(server.caPath)
        options.caBundlePath = ca
        #expect(try await HTTPClient(options: options).send(request).status == 200)
    }

    @Test func headerWithLineBreakIsRejected() async throws {
        let request = HTTPRequest(url: try #require(HTTPURL("http://127.0.0.1:1/")),
                                  headers: [HTTPHeader("Authorization", "Bearer x\r\nX-Injected: 1")])
        let error = await #expect(throws: HTTPError.self) { try await HTTPClient().send(request) }
        #expect(error?.code == .invalidRequest)
        #expect(error?.description.contains("Bearer") == false)
    }

    @Test func cancellingTheTaskEndsTheRequest() async throws {
        let server = try await TestServer.start("http_test_server.py")
        defer { server.stop() }
        let client = HTTPClient()
        let url = try Self.url(server, "/hang")
        let task = Task { try await client.send(HTTPRequest(url: url)) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let result = await task.result
        #expect(throws: HTTPError(.cancelled, origin: server.url, "request cancelled")) { try result.get() }
    }

    @Test func proxySettingsComeOnlyFromOptions() throws {
        let options = HTTPClient.Options(environment: ["https_proxy": "http://proxy:3128", "NO_PROXY": "internal.example, .corp",
                                                       "SSL_CERT_FILE": "/etc/ca.pem"])
        #expect(options.httpsProxy == "http://proxy:3128")
        #expect(options.httpProxy == nil)
        #expect(options.noProxy == "internal.example, .corp")
        #expect(options.caBundlePath == "/etc/ca.pem")
    }

    @Test func keyServiceConcurrencyComesFromItsVariableWithinBounds() {
        #expect(HTTPClient.Options(environment: [:]).maxConcurrentRequests == 16)
        #expect(HTTPClient.Options(environment: ["GITSOPS_KMS_CONCURRENCY": "1"]).maxConcurrentRequests == 1)
        #expect(HTTPClient.Options(environment: ["GITSOPS_KMS_CONCURRENCY": "64"]).maxConcurrentRequests == 64)
        for ignored in ["0", "-3", "257", "many", ""] {
            #expect(HTTPClient.Options(environment: ["GITSOPS_KMS_CONCURRENCY": ignored]).maxConcurrentRequests == 16)
        }
    }
}
