import Foundation
import KeySources
import Sops
import TestSupport
import Testing

/// Data keys: Shamir groups, decryption order, the process-wide cache, failure reports, updatekeys
/// and rotate.
@Suite struct KeyGroupTests {
    static let input = Array("A=1\nB=two\n".utf8)
    static func pgp(_ fp: String) -> MasterKey { .pgp(PGPKey(fingerprint: fp)) }
    static func age(_ r: String) -> MasterKey { .age(AgeKey(recipient: r)) }

    @Test func shamirTwoOfThreeRecoversWithOneGroupMissing() async throws {
        let rule = CreationRule(keyGroups: [[Self.pgp("G0")], [Self.pgp("G1")], [Self.pgp("G2")]], shamirThreshold: 2)
        let ciphertext = try await RoundTripTests.fakeEngine().encrypt(Self.input, EncryptionRequest(path: "x.env", rule: rule))
        let text = String(decoding: ciphertext, as: UTF8.self)
        #expect(text.contains("sops_shamir_threshold=2\n"))
        #expect(text.contains("sops_key_groups__list_2__map_pgp__list_0__map_fp=G2\n"))
        let metadata = try SopsEngine.inspect(ciphertext, format: .dotenv)
        #expect(metadata.keyGroups.map { $0.map(\.identity) } == [["G0"], ["G1"], ["G2"]])

        let oneMissing = SopsEngine(keyServices: KeyServices([FakeKeyService(refuse: ["G1"])]), dataKeyCache: DataKeyCache())
        #expect(try await oneMissing.decrypt(ciphertext, format: .dotenv).plaintext == Self.input)

        let twoMissing = SopsEngine(keyServices: KeyServices([FakeKeyService(refuse: ["G0", "G2"])]), dataKeyCache: DataKeyCache())
        await #expect { try await twoMissing.decrypt(ciphertext, format: .dotenv) } throws: { error in
            let message = (error as? SopsError)?.description ?? ""
            return message.contains("group 0: FAILED") && message.contains("G0: no identity for this key (fake)")
                && message.contains("needs 2 of 3 key groups") && message.contains("1 recovered")
        }
    }

    @Test func keysAreTriedInDecryptionOrderAndTheFirstSuccessWins() async throws {
        let rule = CreationRule(keyGroups: [[Self.pgp("P"), Self.age("A")]])
        let ageService = FakeKeyService(type: .age), pgpService = FakeKeyService(type: .pgp)
        let writer = SopsEngine(keyServices: KeyServices([ageService, pgpService]), dataKeyCache: DataKeyCache())
        let ciphertext = try await writer.encrypt(Self.input, EncryptionRequest(path: "x.env", rule: rule))

        let age = FakeKeyService(type: .age), pgp = FakeKeyService(type: .pgp)
        _ = try await SopsEngine(keyServices: KeyServices([age, pgp]), dataKeyCache: DataKeyCache()).decrypt(ciphertext, format: .dotenv)
        #expect(age.unwraps == 1 && pgp.unwraps == 0)

        let age2 = FakeKeyService(type: .age), pgp2 = FakeKeyService(type: .pgp)
        _ = try await SopsEngine(keyServices: KeyServices([age2, pgp2]), environment: ["SOPS_DECRYPTION_ORDER": "pgp,age"],
                                 dataKeyCache: DataKeyCache()).decrypt(ciphertext, format: .dotenv)
        #expect(age2.unwraps == 0 && pgp2.unwraps == 1)
    }

    @Test func aFailedKeyFallsThroughToTheNextAndEveryFailureIsReported() async throws {
        let rule = CreationRule(keyGroups: [[Self.age("A1"), Self.age("A2"), Self.pgp("P1")]])
        let ciphertext = try await SopsEngine(keyServices: KeyServices([FakeKeyService(type: .age), FakeKeyService(type: .pgp)]),
                                              dataKeyCache: DataKeyCache()).encrypt(Self.input, EncryptionRequest(path: "x.env", rule: rule))
        let lastWorks = SopsEngine(keyServices: KeyServices([FakeKeyService(type: .age, refuse: ["A1", "A2"]), FakeKeyService(type: .pgp)]),
                                   dataKeyCache: DataKeyCache())
        #expect(try await lastWorks.decrypt(ciphertext, format: .dotenv).plaintext == Self.input)
        let none = SopsEngine(keyServices: KeyServices([FakeKeyService(type: .age, refuse: ["A1", "A2"])]), dataKeyCache: DataKeyCache())
        do {
            _ = try await none.decrypt(ciphertext, format: .dotenv)
            Issue.record("decryption without keys succeeded")
        } catch {
            let lines = error.description.split(separator: "\n")
            #expect(lines.first == "Failed to get the data key required to decrypt the SOPS file.")
            #expect(lines.contains { $0.contains("age A1: no identity for this key (fake)") })
            #expect(lines.contains { $0.contains("age A2: no identity for this key (fake)") })
            #expect(lines.contains { $0.contains("pgp P1: no key service for pgp keys is configured") })
            #expect(error.hint != nil)
        }
    }

    @Test func oneProcessUnwrapsEachDataKeyOnce() async throws {
        let rule = CreationRule(keyGroups: [[Self.pgp("P")]])
        let ciphertext = try await RoundTripTests.fakeEngine().encrypt(Self.input, EncryptionRequest(path: "x.env", rule: rule))
        let service = FakeKeyService(type: .pgp)
        let engine = SopsEngine(keyServices: KeyServices([service]), dataKeyCache: DataKeyCache())
        try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<20 { group.addTask { try await engine.decrypt(ciphertext, format: .dotenv).plaintext } }
            for try await plaintext in group { #expect(plaintext == Self.input) }
        }
        #expect(service.unwraps == 1)
    }

    @Test func updateKeysRewrapsTheSameDataKeyAndLeavesValuesAlone() async throws {
        let engine = RoundTripTests.fakeEngine()
        let before = try await engine.encrypt(Self.input, EncryptionRequest(path: "x.env", rule: CreationRule(keyGroups: [[Self.pgp("P1")]])))
        #expect(try await engine.updateKeys(before, format: .dotenv, rule: CreationRule(keyGroups: [[Self.pgp("P1")]])) == nil)
        let after = try #require(try await engine.updateKeys(before, format: .dotenv,
                                                            rule: CreationRule(keyGroups: [[Self.pgp("P1"), Self.pgp("P2")]])))
        let (old, new) = (String(decoding: before, as: UTF8.self), String(decoding: after, as: UTF8.self))
        for prefix in ["A=", "B=", "sops_mac=", "sops_lastmodified="] {
            #expect(old.split(separator: "\n").first { $0.hasPrefix(prefix) } == new.split(separator: "\n").first { $0.hasPrefix(prefix) })
        }
        #expect(try SopsEngine.inspect(after, format: .dotenv).keyGroups[0].map(\.identity) == ["P1", "P2"])
        let fresh = SopsEngine(keyServices: KeyServices([FakeKeyService(type: .pgp, refuse: ["P1"])]), dataKeyCache: DataKeyCache())
        #expect(try await fresh.decrypt(after, format: .dotenv).plaintext == Self.input)
    }

    @Test func rotateChangesTheDataKeyAndKeepsCreatedAt() async throws {
        let engine = RoundTripTests.fakeEngine()
        let before = try await engine.encrypt(Self.input, EncryptionRequest(path: "x.env", rule: CreationRule(keyGroups: [[Self.pgp("P1")]])))
        var text = String(decoding: before, as: UTF8.self)
        text = text.replacingOccurrences(of: "created_at=2025-01-01T00:00:00Z", with: "created_at=2020-02-02T00:00:00Z")
        let rotated = try await engine.rotate(Array(text.utf8), format: .dotenv, verifyMAC: true)
        let old = try SopsEngine.inspect(before, format: .dotenv), new = try SopsEngine.inspect(rotated, format: .dotenv)
        #expect(old.keyGroups[0][0].enc != new.keyGroups[0][0].enc)
        guard case .pgp(let key) = new.keyGroups[0][0] else { Issue.record("not pgp"); return }
        #expect(key.createdAt == "2020-02-02T00:00:00Z")
        #expect(try await RoundTripTests.fakeEngine().decrypt(rotated, format: .dotenv).plaintext == Self.input)
    }

    @Test func changingOneValueChangesOnlyItsLineAndTheMAC() async throws {
        let engine = RoundTripTests.fakeEngine()
        let original = Array("{\n  \"a\": \"one\",\n  \"b\": \"two\",\n  \"c\": [1, 2, 3]\n}\n".utf8)
        let edited = Array("{\n  \"a\": \"one\",\n  \"b\": \"TWO\",\n  \"c\": [1, 2, 3]\n}\n".utf8)
        let first = try await engine.encrypt(original, EncryptionRequest(path: "x.json", rule: RoundTripTests.rule(nil)))
        try await Task.sleep(for: .milliseconds(1100))  // a new lastmodified second
        let second = try await engine.encrypt(edited, EncryptionRequest(path: "x.json", rule: RoundTripTests.rule(nil), previous: first))
        let a = String(decoding: first, as: UTF8.self).split(separator: "\n"), b = String(decoding: second, as: UTF8.self).split(separator: "\n")
        #expect(a.count == b.count)
        let changed = zip(a, b).filter { $0 != $1 }.map { $0.1.split(separator: ":").first.map(String.init) ?? "" }
        #expect(changed == ["\t\"b\"", "\t\t\"lastmodified\"", "\t\t\"mac\""])
        #expect(try await engine.decrypt(second, format: .json).plaintext == edited)
    }

    @Test func emptyKeyGroupsAreRefused() async throws {
        await #expect(throws: SopsError.self) {
            _ = try await RoundTripTests.fakeEngine().encrypt(Self.input, EncryptionRequest(path: "x.env", rule: CreationRule(keyGroups: [])))
        }
        await #expect(throws: SopsError.self) {
            _ = try await RoundTripTests.fakeEngine().encrypt(Self.input, EncryptionRequest(path: "x.env", rule: CreationRule(keyGroups: [[Self.pgp("P")], []])))
        }
    }
}
