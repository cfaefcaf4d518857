import Foundation
import GitFilter
import TestSupport
import Testing

/// Fault injection between the real git filter and AWS KMS (moto behind `fault_proxy.py`):
/// clean fails closed with one line naming the file, smudge leaves the ciphertext with one
/// warning, retries and time stay bounded, and nothing is half-written.
@Suite(.serialized) struct HardeningKMSFaultTests {
    /// A repository whose `.sops.yaml` encrypts `secrets/` with a KMS key of a local moto, reached
    /// through a fault proxy.
    final class KMSRepository: @unchecked Sendable {
        let aws: LocalAWS
        let proxy: TestServer
        let repo: GitsopsRepository
        /// The environment git (and so the filter) runs with: the developer's keys, the rule's role
        /// assumed directly at moto, KMS reached through the proxy.
        let environment: [String: String?]

        init() async throws {
            aws = try await LocalAWS()
            proxy = try await TestServer.start("fault_proxy.py", [aws.url])
            repo = try GitsopsRepository("gitsops-kms-fault")
            environment = aws.environment(home: repo.sandbox.url("home").path)
                .merging(["AWS_ENDPOINT_URL_KMS": proxy.url, "AWS_ENDPOINT_URL_STS": aws.url]) { $1 }
            try repo.write(".sops.yaml", aws.sopsConfig(pathRegex: "^secrets/", role: try #require(aws.roles["cluster"]),
                                                        context: ["cluster": "test"]))
            try repo.git(["add", ".gitattributes", ".sops.yaml"], environment: environment)
            try repo.git(["commit", "-q", "-m", "setup"], environment: environment)
        }

        deinit {
            proxy.stop()
            aws.stop()
        }

        /// Queues faults (`fault_proxy.py` commands) after clearing earlier ones and the counters.
        func inject(_ commands: String...) async throws {
            try await proxy.send("reset")
            for command in commands { try await proxy.send(command) }
        }

        /// How many requests of `action` (`Encrypt`, `Decrypt`) the proxy saw since the last inject.
        func requests(_ action: String) async throws -> Int {
            let stats = try await proxy.send("stats")
            return (stats["actions"] as? [String: Int])?[action] ?? 0
        }

        /// Runs git with the KMS environment, without throwing; returns the result and the seconds it took.
        func git(_ arguments: [String], in directory: String = "repo") throws -> (result: Command.Result, seconds: Double) {
            let start = Date()
            let result = try repo.tryGit(arguments, in: directory, environment: environment)
            return (result, Date().timeIntervalSince(start))
        }

        /// Commits `count` secrets (`secrets/s<i>.yaml`, value `kms-secret-<i>`) with KMS answering.
        func commitSecrets(_ count: Int) async throws {
            try await inject()
            for i in 0..<count { try repo.write("secrets/s\(i).yaml", Self.plaintext(i)) }
            let add = try git(["add", "secrets"])
            #expect(add.result.status == 0, "\(add.result.err)")
            #expect(try git(["commit", "-q", "-m", "secrets"]).result.status == 0)
        }

        static func plaintext(_ i: Int, _ value: String? = nil) -> String {
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\(i)\nstringData:\n  # rotated monthly\n  password: \(value ?? "kms-secret-\(i)")\n"
        }
    }

    /// Each fault, queued for longer than gitsops retries: (proxy command, what the error must say,
    /// how many Encrypt requests gitsops may make: retried faults exactly 4, others 1).
    static let persistentFaults: [(command: String, message: String, attempts: Int)] = [
        ("fail 10 500", "AWS KMS kept answering HTTP 500 (4 attempts)", 4),
        ("fail 10 503", "AWS KMS kept answering HTTP 503 (4 attempts)", 4),
        ("fail 10 429", "AWS KMS kept answering HTTP 429 (4 attempts)", 4),
        ("throttle 10", "AWS KMS kept answering ThrottlingException: Rate exceeded (4 attempts)", 4),
        ("drop 10", "cannot reach AWS KMS", 4),
        ("garbage 10", "AWS KMS Encrypt answered without a CiphertextBlob", 1),
        ("expired 10", "AWS KMS rejected the credentials", 1),
    ]

    @Test func cleanFailsClosedWithOneLineNamingTheFileForEveryFault() async throws {
        let kms = try await KMSRepository()
        for fault in Self.persistentFaults {
            try await kms.inject(fault.command)
            let before = try kms.repo.objectIDs()
            try kms.repo.write("secrets/new.yaml", KMSRepository.plaintext(0, "leak-me-\(fault.attempts)-never"))
            let (add, seconds) = try kms.git(["add", "secrets/new.yaml"])
            #expect(add.status != 0, "\(fault.command)")
            // One error line naming the file (with the reason), at most a hint, and git's own line.
            let lines = add.err.split(separator: "\n")
            let errors = lines.filter { $0.hasPrefix("gitsops: error:") }
            #expect(errors.count == 1 && errors[0].hasPrefix("gitsops: error: secrets/new.yaml: ") && errors[0].contains(fault.message),
                    "\(fault.command): \(add.err)")
            #expect(lines.allSatisfy { $0.hasPrefix("gitsops: error: ") || $0.hasPrefix("gitsops: hint: ")
                || $0 == "fatal: secrets/new.yaml: clean filter 'gitsops' failed" }, "\(fault.command): \(add.err)")
            #expect(!add.err.contains("leak-me"))
            let attempts = try await kms.requests("Encrypt")
            #expect(attempts == fault.attempts, "\(fault.command)")
            // Backoff is at most 0.2 + 0.4 + 0.8 s between 4 attempts: well under 10 s.
            #expect(seconds < 10, "\(fault.command) took \(seconds) s")
            #expect(try kms.repo.objectIDs() == before, "\(fault.command): new objects")
            #expect(try kms.repo.git(["ls-files", "--", "secrets/new.yaml"], environment: kms.environment).out == "")
        }
        // With KMS answering again, the same add works.
        try await kms.inject()
        #expect(try kms.git(["add", "secrets/new.yaml"]).result.status == 0)
        #expect(String(decoding: try kms.repo.stored("secrets/new.yaml", at: ":0"), as: UTF8.self).contains("kms:"))
    }

    @Test func transientFaultsAreRetriedAndTheAddSucceeds() async throws {
        let kms = try await KMSRepository()
        for fault in ["fail 3 500", "fail 3 429", "throttle 3", "drop 3", "slow 1 2"] {
            try await kms.inject(fault)
            let path = "secrets/retry-\(fault.split(separator: " ")[0])-\(fault.split(separator: " ").last!).yaml"
            try kms.repo.write(path, KMSRepository.plaintext(0, "retried-value"))
            let (add, _) = try kms.git(["add", path])
            #expect(add.status == 0, "\(fault): \(add.err)")
            #expect(add.err == "", "\(fault): \(add.err)")
            let stored = String(decoding: try kms.repo.stored(path, at: ":0"), as: UTF8.self)
            #expect(stored.contains("kms:") && stored.contains(kms.aws.key) && !stored.contains("retried-value"), "\(fault)")
        }
        // What was stored decrypts (a checkout of those files gives the plaintext back).
        try FileManager.default.removeItem(at: kms.repo.sandbox.url("repo/secrets"))
        #expect(try kms.git(["checkout", "--", "secrets"]).result.status == 0)
        for file in try FileManager.default.contentsOfDirectory(atPath: kms.repo.sandbox.url("repo/secrets").path) {
            #expect(try kms.repo.read("secrets/" + file) == Array(KMSRepository.plaintext(0, "retried-value").utf8), "\(file)")
        }
    }

    @Test func smudgeLeavesCiphertextWithOneWarningForEveryFault() async throws {
        let kms = try await KMSRepository()
        try await kms.commitSecrets(3)
        for fault in Self.persistentFaults {
            try await kms.inject(fault.command.replacingOccurrences(of: " 10", with: " 100"))
            try FileManager.default.removeItem(at: kms.repo.sandbox.url("repo/secrets"))
            let (checkout, seconds) = try kms.git(["checkout", "--", "secrets"])
            #expect(checkout.status == 0, "\(fault.command): \(checkout.err)")
            let lines = checkout.err.split(separator: "\n").map(String.init)
            #expect(lines == ["gitsops: warning: left encrypted, as stored: secrets/s0.yaml, secrets/s1.yaml, secrets/s2.yaml "
                + "(no usable key here); run `gitsops doctor` for details"], "\(fault.command): \(checkout.err)")
            #expect(seconds < 15, "\(fault.command) took \(seconds) s")
            // Each file's data key is asked for once, with the same bounded retries as clean.
            let decrypts = try await kms.requests("Decrypt")
            #expect(decrypts == 3 * fault.attempts, "\(fault.command)")
            // Every file is whole: exactly the stored ciphertext; nothing else in the directory.
            for i in 0..<3 {
                #expect(try kms.repo.read("secrets/s\(i).yaml") == kms.repo.stored("secrets/s\(i).yaml"), "\(fault.command)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: kms.repo.sandbox.url("repo/secrets").path).sorted()
                == ["s0.yaml", "s1.yaml", "s2.yaml"])
            #expect(try kms.git(["status", "--porcelain"]).result.out == "", "\(fault.command)")
        }
        // Once KMS answers, unlock decrypts them.
        try await kms.inject()
        let unlock = try kms.repo.gitsops(["unlock"], environment: kms.environment)
        #expect(unlock.status == 0, "\(unlock.err)")
        for i in 0..<3 { #expect(try kms.repo.read("secrets/s\(i).yaml") == Array(KMSRepository.plaintext(i).utf8)) }
    }

    @Test func credentialsExpiringMidCheckoutLeaveTheRestEncryptedWithOneWarning() async throws {
        let kms = try await KMSRepository()
        try await kms.commitSecrets(6)
        try await kms.inject("pass 2", "expired 100")
        try FileManager.default.removeItem(at: kms.repo.sandbox.url("repo/secrets"))
        let (checkout, _) = try kms.git(["checkout", "--", "secrets"])
        #expect(checkout.status == 0, "\(checkout.err)")
        let lines = checkout.err.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("gitsops: warning: left encrypted, as stored: secrets/s")
            && lines[0].hasSuffix(" (no usable key here); run `gitsops doctor` for details"), "\(checkout.err)")
        var plain = 0, encrypted = 0
        for i in 0..<6 {
            let bytes = try kms.repo.read("secrets/s\(i).yaml")
            if bytes == Array(KMSRepository.plaintext(i).utf8) { plain += 1 }
            if bytes == (try kms.repo.stored("secrets/s\(i).yaml")) { encrypted += 1 }
        }
        #expect(plain == 2 && encrypted == 4, "plain \(plain), encrypted \(encrypted)")
        let decrypts = try await kms.requests("Decrypt")
        #expect(decrypts == 6)
    }

    @Test func credentialsExpiringMidAddFailTheAddAndStageNothing() async throws {
        let kms = try await KMSRepository()
        try await kms.inject("pass 1", "expired 100")
        for i in 0..<3 { try kms.repo.write("secrets/n\(i).yaml", KMSRepository.plaintext(i, "leak-me-midrun-\(i)")) }
        let (add, _) = try kms.git(["add", "secrets"])
        #expect(add.status != 0)
        let errors = add.err.split(separator: "\n").filter { $0.hasPrefix("gitsops: error:") }
        #expect(errors.count == 1 && errors[0].contains("AWS KMS rejected the credentials"), "\(add.err)")
        #expect(try kms.repo.git(["ls-files", "secrets"], environment: kms.environment).out == "")
        #expect(!(try kms.repo.allObjects()).contains("leak-me-midrun"))
    }
}
