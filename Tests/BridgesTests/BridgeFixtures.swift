import Foundation
import KeySources
import Bridges
import KubectlPlugin
import LosslessYAML
import Sops
import Synchronization
import TestSupport
import Testing

/// What the bridge tests share: the sops test age identity, encrypted Secret files, a context that
/// captures output, the sealing key pair, and the independent sealed-secrets implementation.
enum BridgeFixtures {
    static let identity = "AGE-SECRET-KEY-1G0Q5K9TV4REQ3ZSQRMTMG8NSWQGYT0T7TZ33RAZEE0GZYVZN0APSU24RK7"
    static let recipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun"

    /// The environment every bridge run gets: the age identity, nothing else that could leak in.
    static let environment = ["SOPS_AGE_KEY": identity, "HOME": "/nonexistent", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]

    /// A Secret with binary `data`, `stringData`, labels, annotations (one a kubectl last-applied
    /// copy holding the plaintext, which must not travel), a type and `immutable`.
    static let secretYAML = """
        # the database credentials
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
          namespace: prod
          labels:
            app: api
          annotations:
            owner: team-a
            kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"password":"hunter2-correct-horse"}}'
        type: kubernetes.io/basic-auth
        immutable: true
        data:
          blob: AAEC/w==
        stringData:
          username: admin
          password: hunter2-correct-horse
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: not-a-secret
        data:
          color: blue

        """

    /// The values `secretYAML` holds, by key.
    static let secretValues: [String: [UInt8]] = [
        "blob": [0, 1, 2, 255], "username": Array("admin".utf8), "password": Array("hunter2-correct-horse".utf8),
    ]

    /// Writes `plaintext` sops-encrypted (data/stringData encrypted, age) to `relative` in `dir`.
    @discardableResult
    static func encryptedFile(_ dir: TemporaryDirectory, _ relative: String, _ plaintext: String) async throws -> URL {
        let engine = SopsEngine(keyServices: .local(environment: environment), environment: environment)
        let rule = CreationRule(keyGroups: [[.age(AgeKey(recipient: recipient))]], selection: .encryptedRegex("^(data|stringData)$"))
        let encrypted = try await engine.encrypt(Array(plaintext.utf8), EncryptionRequest(path: relative, rule: rule))
        let url = try dir.file(relative)
        try Data(encrypted).write(to: url)
        return url
    }

    /// A context in `dir` whose output is captured.
    static func context(_ dir: TemporaryDirectory, environment extra: [String: String] = [:]) -> (PluginContext, Captured) {
        let captured = Captured()
        let env = environment.merging(extra) { _, new in new }
        let context = PluginContext(environment: env, workingDirectory: dir.path,
                                    engine: SopsSecretEngine(keyServices: .local(environment: env), environment: env),
                                    standardOutput: { bytes in captured.out.withLock { $0 += bytes } },
                                    standardError: { line in captured.err.withLock { $0.append(line) } })
        return (context, captured)
    }

    /// Output and notices of one run.
    final class Captured: Sendable {
        let out = Mutex<[UInt8]>([])
        let err = Mutex<[String]>([])
        var text: String { String(decoding: out.withLock { $0 }, as: UTF8.self) }
        var notices: [String] { err.withLock { $0 } }
    }

    /// Every document of a YAML text, through LosslessYAML.
    static func documents(_ text: String) throws -> [YAMLValue] {
        try YAMLStream.parse(text).values().filter { $0 != .null }
    }

    /// Runs the independent implementation (Tests/Tools/sealed_secrets_ref.py).
    static func reference(_ arguments: [String], stdin: String = "") throws -> Command.Result {
        try Command.run("python3", [toolsDirectory.appendingPathComponent("sealed_secrets_ref.py").path] + arguments,
                        stdin: Data(stdin.utf8))
    }

    static var toolsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Tools")
    }
}

/// A sealing key pair made by the reference implementation (RSA-4096, as the controller makes),
/// once per test process: `key.pem` (PKCS#1), `cert.pem`; and an expired certificate.
final class SealingKeyPair: Sendable {
    static let shared = Result { try SealingKeyPair() }

    let directory: TemporaryDirectory
    var keyPath: String { directory.path + "/valid/key.pem" }
    var certPath: String { directory.path + "/valid/cert.pem" }
    var expiredCertPath: String { directory.path + "/expired/cert.pem" }

    private init() throws {
        directory = try TemporaryDirectory("sealing-keys")
        for (name, flags) in [("valid", [String]()), ("expired", ["--expired"])] {
            let made = try BridgeFixtures.reference(["keygen", directory.path + "/" + name] + flags)
            guard made.status == 0 else { throw TestServerError("keygen failed: \(made.err)") }
        }
    }
}

extension YAMLValue {
    /// The value at a path of mapping keys.
    subscript(path keys: String...) -> YAMLValue? {
        var value: YAMLValue? = self
        for key in keys { value = value?[key] }
        return value
    }
}
