import Crypto
import Foundation
import Testing
import TestSupport
@testable import Age
@testable import KeySources

/// age plugins (recipient-v1, identity-v1) through the Python test plugin, against the real `age` CLI.
@Suite struct AgePluginTests {
    static let age = "/usr/bin/age"

    private func wrap(_ dataKey: SecretBytes, to recipient: String, _ environment: [String: String]) async throws -> AgeKey {
        let wrapped = try await AgeKeyService(environment: environment).wrap(dataKey, for: .age(AgeKey(recipient: recipient)))
        guard case .age(let age) = wrapped else { throw KeySourceError(.failed, key: recipient, "not an age key") }
        return age
    }

    @Test func ageCLIDecryptsWhatWeWrapForAPluginRecipient() async throws {
        let plugin = try AgeTestPlugin()
        let dir = try TemporaryDirectory()
        let identityFile = try dir.file("identity.txt", contents: plugin.identity + "\n")
        let dataKey = SecureRandom.secret(32)
        let age = try await wrap(dataKey, to: plugin.recipient, ["PATH": AgeTestPlugin.path])
        #expect(age.enc.contains("-----BEGIN AGE ENCRYPTED FILE-----"))
        let result = try Command.run(Self.age, ["-d", "-i", identityFile.path], environment: ["PATH": AgeTestPlugin.path],
                                     stdin: Data(age.enc.utf8))
        #expect(result.status == 0, "\(result.err)")
        #expect(Array(result.stdout) == dataKey.bytes)
    }

    @Test func weUnwrapWhatAgeCLIEncryptsToAPluginRecipient() async throws {
        let plugin = try AgeTestPlugin()
        let dataKey = SecureRandom.bytes(32)
        let result = try Command.run(Self.age, ["-e", "-a", "-r", plugin.recipient], environment: ["PATH": AgeTestPlugin.path],
                                     stdin: Data(dataKey))
        #expect(result.status == 0, "\(result.err)")
        let service = AgeKeyService(environment: ["SOPS_AGE_KEY": plugin.identity, "PATH": AgeTestPlugin.path])
        let plaintext = try await service.unwrap(.age(AgeKey(recipient: plugin.recipient, enc: result.out)))
        #expect(plaintext.bytes == dataKey)
    }

    @Test func pluginIdentitiesComeFromTheKeyFileAndTheKeyCommand() async throws {
        let plugin = try AgeTestPlugin(), other = try AgeTestPlugin()
        let dir = try TemporaryDirectory()
        // Two identities for the same plugin: one plugin run, which finds the second.
        let keys = try dir.file("keys.txt", contents: "# plugin keys\n\(other.identity)\n\(plugin.identity)\n")
        let dataKey = SecureRandom.secret(32)
        let wrapped = MasterKey.age(try await wrap(dataKey, to: plugin.recipient, ["PATH": AgeTestPlugin.path]))
        for environment in [["SOPS_AGE_KEY_FILE": keys.path], ["SOPS_AGE_KEY_CMD": "cat \(keys.path)"]] {
            let service = AgeKeyService(environment: environment.merging(["PATH": AgeTestPlugin.path]) { $1 })
            #expect(try await service.unwrap(wrapped) == dataKey)
        }
    }

    @Test func aPluginIdentityThatDoesNotMatchIsNotThisKey() async throws {
        let plugin = try AgeTestPlugin(), other = try AgeTestPlugin()
        let wrapped = MasterKey.age(try await wrap(SecureRandom.secret(32), to: plugin.recipient, ["PATH": AgeTestPlugin.path]))
        let error = await #expect(throws: KeySourceError.self) {
            try await AgeKeyService(environment: ["SOPS_AGE_KEY": other.identity, "PATH": AgeTestPlugin.path]).unwrap(wrapped)
        }
        #expect(error?.code == .notThisKey)
        #expect(error?.message == "none of the 1 age identities from SOPS_AGE_KEY matches")
        #expect(error?.description.contains(other.identity) == false)
    }

    @Test func nativeIdentitiesAreTriedBeforeAnyPluginRuns() async throws {
        let plugin = try AgeTestPlugin()
        let dataKey = SecureRandom.secret(32)
        let wrapped = MasterKey.age(try await wrap(dataKey, to: AgeTestKeys.recipient, [:]))
        // The plugin is not on this PATH: running it would fail.
        let service = AgeKeyService(environment: ["SOPS_AGE_KEY": "\(plugin.identity)\n\(AgeTestKeys.identity)", "PATH": "/nonexistent"])
        #expect(try await service.unwrap(wrapped) == dataKey)
    }

    @Test func aPluginMissingFromPathIsNamedWithAHint() async throws {
        let plugin = try AgeTestPlugin()
        let wrapError = await #expect(throws: KeySourceError.self) {
            try await wrap(SecureRandom.secret(32), to: plugin.recipient, ["PATH": "/nonexistent"])
        }
        #expect(wrapError?.code == .failed)
        #expect(wrapError?.description == "\(plugin.recipient): age-plugin-gitsopstest: "
                + "age-plugin-gitsopstest is not on PATH")
        #expect(wrapError?.hint?.contains("install age-plugin-gitsopstest in a directory on PATH") == true)
        let wrapped = MasterKey.age(try await wrap(SecureRandom.secret(32), to: plugin.recipient, ["PATH": AgeTestPlugin.path]))
        let unwrapError = await #expect(throws: KeySourceError.self) {
            try await AgeKeyService(environment: ["SOPS_AGE_KEY": plugin.identity, "PATH": "/nonexistent"]).unwrap(wrapped)
        }
        #expect(unwrapError?.message == "age-plugin-gitsopstest (the plugin identity in SOPS_AGE_KEY): age-plugin-gitsopstest is not on PATH")
        #expect(unwrapError?.description.contains(plugin.identity) == false)
    }

    @Test(arguments: [
        ("error", "reported an error (internal): the token is locked"),
        ("exit", "exited before the protocol finished"),
        ("garbage", "sent a line that is not a stanza"),
        ("longline", "sent a line longer than 4096 bytes"),
    ])
    func misbehavingPluginsFailClearly(_ mode: String, _ message: String) async throws {
        let plugin = try AgeTestPlugin()
        let environment = ["PATH": AgeTestPlugin.path, "GITSOPSTEST_MODE": mode]
        let wrapError = await #expect(throws: KeySourceError.self) {
            try await wrap(SecureRandom.secret(32), to: plugin.recipient, environment)
        }
        #expect(wrapError?.code == .failed)
        #expect(wrapError?.message == "age-plugin-gitsopstest: \(message)")
        let wrapped = MasterKey.age(try await wrap(SecureRandom.secret(32), to: plugin.recipient, ["PATH": AgeTestPlugin.path]))
        let unwrapError = await #expect(throws: KeySourceError.self) {
            try await AgeKeyService(environment: environment.merging(["SOPS_AGE_KEY": plugin.identity]) { $1 }).unwrap(wrapped)
        }
        #expect(unwrapError?.code == .failed)
        #expect(unwrapError?.message == "age-plugin-gitsopstest (the plugin identity in SOPS_AGE_KEY): \(message)")
    }

    @Test func aPluginThatReturnsNoStanzaCannotWrap() async throws {
        let plugin = try AgeTestPlugin()
        let error = await #expect(throws: KeySourceError.self) {
            try await wrap(SecureRandom.secret(32), to: plugin.recipient, ["PATH": AgeTestPlugin.path, "GITSOPSTEST_MODE": "empty"])
        }
        #expect(error?.message == "age-plugin-gitsopstest: returned no recipient stanza")
    }

    @Test func pluginRecipientsAndIdentitiesParse() throws {
        let plugin = try AgeTestPlugin()
        #expect(try AgePluginRecipient.parse(plugin.recipient)?.name == "gitsopstest")
        #expect(try AgePluginRecipient.parse("age1yubikey1qwt50d05nh5vutpdzmlg5wn80xq5negm4uj9ghv0snvdd3yysf5yw3rhl3t")?.name == "yubikey")
        #expect(try AgePluginRecipient.parse(AgeTestKeys.recipient) == nil)
        #expect(try AgePluginRecipient.parse("age1pq1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq") == nil)
        try AgeKeyService.validateRecipient(plugin.recipient)
        let corrupted = String(plugin.recipient.dropLast()) + (plugin.recipient.hasSuffix("q") ? "p" : "q")
        let error = #expect(throws: KeySourceError.self) { try AgeKeyService.validateRecipient(corrupted) }
        #expect(error?.description == "malformed recipient \"\(corrupted)\": invalid checksum")
        #expect(try AgePluginIdentity(parsing: Array(plugin.identity.utf8), source: "test").name == "gitsopstest")
        // Another last character (the identity is random: one in 32 ends in the one chosen).
        let corruptedIdentity = plugin.identity.dropLast() + (plugin.identity.hasSuffix("Q") ? "P" : "Q")
        let badIdentity = #expect(throws: KeySourceError.self) {
            try AgePluginIdentity(parsing: Array(corruptedIdentity.utf8), source: "test")
        }
        #expect(badIdentity?.message.contains("malformed plugin identity") == true)
        #expect(badIdentity?.description.contains(plugin.identity.dropLast()) == false)
    }
}

extension AgePluginTests {
    @Test func aPluginThatHangsUpEarlyIsAnErrorNotASignal() async throws {
        let plugin = try AgeTestPlugin()
        for _ in 0..<5 {
            let error = await #expect(throws: KeySourceError.self) {
                try await wrap(SecureRandom.secret(32), to: plugin.recipient, ["PATH": AgeTestPlugin.path, "GITSOPSTEST_MODE": "hangup"])
            }
            #expect(error?.message == "age-plugin-gitsopstest: exited before the protocol finished")
        }
    }
}

extension AgePluginTests {
    @Test func aPluginThatSaysNothingIsStoppedAfterTheExchangeTimeout() async throws {
        var client = AgePluginClient(name: "gitsopstest", environment: ["PATH": AgeTestPlugin.path, "GITSOPSTEST_MODE": "hang"],
                                     subject: "a test")
        client.exchangeTimeout = .seconds(1)
        var phase1 = [UInt8]()
        AgeFormat.encode(AgeStanza(type: "done", arguments: [], body: []), into: &phase1)
        let started = ContinuousClock.now
        let error = await #expect(throws: AgeError.self) {
            try await client.run("identity-v1", phase1: phase1) { _ throws(AgeError) in false }
        }
        #expect(error?.message == "age-plugin-gitsopstest (a test): sent nothing for 1.0 seconds")
        // Loose for the same reason as below; without the timeout the plugin would wait forever.
        #expect(ContinuousClock.now - started < .seconds(250))
    }
}

extension AgePluginTests {
    /// After `done`, a plugin that neither exits nor reacts to SIGTERM is killed within seconds, so
    /// it cannot hold a git filter.
    @Test func aPluginThatLingersAfterDoneIsKilled() async throws {
        let plugin = try AgeTestPlugin()
        let fileKey = SecureRandom.secret(32)
        let started = ContinuousClock.now
        let stanza = try await wrap(fileKey, to: plugin.recipient, ["PATH": AgeTestPlugin.path, "GITSOPSTEST_MODE": "linger"])
        // Killed 5 s after done. The bound is loose: in a full test run, sync tests blocking the
        // few concurrency threads stretch every wait; left alone, the plugin would stay 300 s.
        #expect(ContinuousClock.now - started < .seconds(250))
        #expect(!stanza.enc.isEmpty)
    }
}
