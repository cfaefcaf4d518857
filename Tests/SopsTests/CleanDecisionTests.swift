import Foundation
@testable import Sops
import TestSupport
import Testing

/// `SopsEngine.clean`: the decision (unchanged, stored as is, re-encrypted, fresh), the coverage it
/// returns without re-reading its output, and the refusals, for both policies.
@Suite struct CleanDecisionTests {
    static let plaintext = Array("apiVersion: v1\nkind: Secret\nstringData:\n  password: hunter2 # the one\n  user: admin\n".utf8)
    static let secrets = SelectionRule.encryptedRegex("^(data|stringData)$")

    static func request(_ previous: [UInt8]? = nil, staged: Bool = false, policy: CleanRequest.Policy = .filter,
                        rule: Result<CreationRule, any Error> = .success(RoundTripTests.rule(secrets)),
                        path: String = "secrets/a.yaml") -> CleanRequest {
        CleanRequest(path: path, format: SopsFormat(path: path), rule: rule, previous: previous, previousIsStaged: staged, policy: policy)
    }

    struct NoRule: Error {}

    @Test func aNewFileIsEncryptedAfreshWithItsCoverage() async throws {
        let engine = RoundTripTests.fakeEngine()
        let result = try await engine.clean(Self.plaintext, Self.request())
        #expect(result.outcome == .fresh)
        let bytes = try result.collected()
        #expect(try await engine.decrypt(bytes, format: .yaml).plaintext == Self.plaintext)
        // What a parse of the output counts.
        #expect(result.coverage == (try SopsEngine.coverage(bytes, format: .yaml)))
        #expect(result.coverage?.encryptedValues == 2 && result.coverage?.clearValues == 2)
    }

    @Test func anUnchangedPlaintextGivesThePreviousBytesAndAChangedOneKeepsTheDataKey() async throws {
        let engine = RoundTripTests.fakeEngine()
        let previous = try await engine.clean(Self.plaintext, Self.request()).collected()
        let unchanged = try await engine.clean(Self.plaintext, Self.request(previous, staged: true))
        #expect(unchanged.outcome == .unchanged)
        #expect(try unchanged.collected() == previous)
        #expect(unchanged.coverage == (try SopsEngine.coverage(previous, format: .yaml)))

        let edited = Array(String(decoding: Self.plaintext, as: UTF8.self).replacingOccurrences(of: "admin", with: "root").utf8)
        let changed = try await engine.clean(edited, Self.request(previous))
        #expect(changed.outcome == .reencrypted)
        let bytes = try changed.collected()
        #expect(try await engine.decrypt(bytes, format: .yaml).plaintext == edited)
        #expect(changed.coverage == (try SopsEngine.coverage(bytes, format: .yaml)))
        // The unchanged value keeps its ciphertext (same data key, same IV).
        let password = { (doc: [UInt8]) in String(decoding: doc, as: UTF8.self).split(separator: "\n").first { $0.contains("password:") } }
        #expect(password(bytes) == password(previous))
    }

    @Test func aPreviousDocumentThatDoesNotOpenIsIgnored() async throws {
        let engine = RoundTripTests.fakeEngine()
        let result = try await engine.clean(Self.plaintext, Self.request(Array("not: sops\n".utf8)))
        #expect(result.outcome == .fresh)
    }

    @Test func aRuleThatEncryptsNothingIsRefused() async throws {
        let engine = RoundTripTests.fakeEngine()
        let request = Self.request(rule: .success(RoundTripTests.rule(.encryptedRegex("^nothing$"))))
        let error = await #expect(throws: SopsError.self) { try await engine.clean(Self.plaintext, request) }
        #expect(error?.message == "the .sops.yaml rule for this file encrypts none of its 4 values")
        #expect(error?.path == "secrets/a.yaml")
    }

    @Test func theFilterStoresACompleteSopsDocumentAsItIsAndRefusesAnIncompleteOne() async throws {
        let engine = RoundTripTests.fakeEngine()
        let document = try await engine.clean(Self.plaintext, Self.request()).collected()
        let stored = try await engine.clean(document, Self.request(rule: .failure(NoRule())))
        #expect(stored.outcome == .storedAsIs)
        #expect(try stored.collected() == document)
        #expect(stored.coverage?.encryptedValues == 2)

        let inClear = Array(String(decoding: document, as: UTF8.self)
            .replacingOccurrences(of: #"password: ENC\[[^\]]*\]"#, with: "password: hunter2", options: .regularExpression).utf8)
        let error = await #expect(throws: SopsError.self) { try await engine.clean(inClear, Self.request()) }
        #expect(error?.message == "is a sops document with values in clear that must be encrypted: stringData:password:")
        // Unless it is the staged blob itself.
        #expect(try await engine.clean(inClear, Self.request(inClear, staged: true)).outcome == .storedAsIs)
        // A writer refuses a sops document as `encrypt` does.
        await #expect(throws: SopsError.self) { try await engine.clean(document, Self.request(policy: .writer)) }
    }

    @Test func theFilterNeedsTheRuleAWriterOnlyForANewFile() async throws {
        let engine = RoundTripTests.fakeEngine()
        let previous = try await engine.clean(Self.plaintext, Self.request()).collected()
        await #expect(throws: NoRule.self) { try await engine.clean(Self.plaintext, Self.request(previous, rule: .failure(NoRule()))) }
        let edited = Self.plaintext + Array("  extra: x\n".utf8)
        let written = try await engine.clean(edited, Self.request(previous, policy: .writer, rule: .failure(NoRule())))
        #expect(written.outcome == .reencrypted)
        await #expect(throws: NoRule.self) { try await engine.clean(edited, Self.request(policy: .writer, rule: .failure(NoRule()))) }
    }

    @Test func aBinaryFileStreams() async throws {
        let engine = RoundTripTests.fakeEngine()
        let plaintext = BinaryStreamTests.random(100_000)
        let fresh = try await engine.clean(plaintext, Self.request(path: "blob.bin"))
        #expect(fresh.outcome == .fresh)
        guard case .stream = fresh.output else { Issue.record("not streamed"); return }
        let previous = try fresh.collected()
        #expect(try await engine.decrypt(previous, format: .binary).plaintext == plaintext)
        let again = try await engine.clean(plaintext, Self.request(previous, path: "blob.bin"))
        #expect(again.outcome == .unchanged)
        #expect(try again.collected() == previous)
        #expect(try await engine.clean(plaintext + [1], Self.request(previous, path: "blob.bin")).outcome == .reencrypted)
    }
}
