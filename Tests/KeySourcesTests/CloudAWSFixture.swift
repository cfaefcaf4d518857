import Crypto
import Foundation
import HTTP
import KeySources
import TestSupport
import Testing
import TextEncoding

/// moto with IAM enforcement (Tests/Servers/aws_moto.py): users, roles, keys, and boto3 as an
/// independent KMS client.
final class MotoAWS: Sendable {
    let server: TestServer
    let url: String
    let developer: (id: String, secret: String)
    let roles: [String: String]
    let keys: [String: String]

    init() async throws {
        server = try await TestServer.start("aws_moto.py")
        url = server.url
        let users = try #require(server.info["users"] as? [String: [String: String]])
        developer = (try #require(users["developer"]?["id"]), try #require(users["developer"]?["secret"]))
        roles = try #require(server.info["roles"] as? [String: String])
        keys = try #require(server.info["keys"] as? [String: String])
    }

    func stop() { server.stop() }

    /// The developer's keys, moto as every endpoint, no instance metadata probing; plus `extra`.
    func environment(home: TemporaryDirectory, endpoint: String? = nil, developerKeys: Bool = true,
                     _ extra: [String: String] = [:], hostname: String = "ci-runner-7") -> CloudEnvironment {
        var variables = ["AWS_ENDPOINT_URL": endpoint ?? url, "AWS_EC2_METADATA_DISABLED": "true"]
        if developerKeys {
            variables["AWS_ACCESS_KEY_ID"] = developer.id
            variables["AWS_SECRET_ACCESS_KEY"] = developer.secret
        }
        variables.merge(extra) { _, new in new }
        return CloudEnvironment(variables: variables, homeDirectory: home.path, hostname: hostname)
    }

    /// boto3 (as admin) decrypts a stanza's `enc` with `context`: the plaintext in hex.
    func boto3Decrypt(_ enc: String, context: [String: String]) async throws -> String {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: context), as: UTF8.self)
        return try #require(try await server.send("decrypt \(enc) \(json)")["plaintext"] as? String)
    }

    /// boto3 (as admin) encrypts: the `CiphertextBlob` in base64.
    func boto3Encrypt(_ arn: String, _ plaintext: [UInt8], context: [String: String]) async throws -> String {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: context), as: UTF8.self)
        return try #require(try await server.send("encrypt \(arn) \(Hex.encode(plaintext)) \(json)")["blob"] as? String)
    }
}

/// A wall clock tests can move forward.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: Int64 = 0
    func advance(seconds: Int64) { lock.lock(); offset += seconds; lock.unlock() }
    var now: UTCTime {
        lock.lock(); defer { lock.unlock() }
        return UTCTime.now().adding(seconds: offset)
    }
}

enum CloudTest {
    /// Retries without real waiting, so throttling tests stay fast.
    static let quickRetry = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))

    static func transport(_ options: HTTPClient.Options = .init(), retry: RetryPolicy = quickRetry) -> CloudTransport {
        CloudTransport(http: HTTPClient(options: options), retry: retry)
    }

    static func dataKey() -> SecretBytes { SecureRandom.secret(32) }

    static func hex(_ secret: SecretBytes) -> String { Hex.encode(secret.unsafeArray()) }

    /// Runs `body` expecting a `KeySourceError` and returns it.
    static func error(_ body: () async throws -> Void) async -> KeySourceError? {
        do {
            try await body()
            return nil
        } catch {
            #expect(error is KeySourceError, "\(error)")
            return error as? KeySourceError
        }
    }
}
