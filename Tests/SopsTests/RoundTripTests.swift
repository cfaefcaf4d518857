import Foundation
import KeySources
import Sops
import TestSupport
import Testing

/// Byte-exact round trips and minimal re-encryption for the flat formats, with a fake key service.
@Suite struct RoundTripTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var format: SopsFormat
        var input: [UInt8]
        var selection: SelectionRule?
        var testDescription: String { "\(format.rawValue) \(String(decoding: input.prefix(24), as: UTF8.self).debugDescription) \(selection?.field ?? "default")" }
    }

    static let cases: [Case] = {
        var out: [Case] = []
        for selection in Samples.selections {
            out += Samples.json.map { Case(format: .json, input: Array($0.utf8), selection: selection) }
            out += Samples.dotenv.map { Case(format: .dotenv, input: Array($0.utf8), selection: selection) }
            out += Samples.ini.map { Case(format: .ini, input: Array($0.utf8), selection: selection) }
            out += Samples.yaml.map { Case(format: .yaml, input: Array($0.utf8), selection: selection) }
        }
        out += Samples.binary.map { Case(format: .binary, input: $0, selection: nil) }
        return out
    }()

    static func rule(_ selection: SelectionRule?) -> CreationRule {
        CreationRule(keyGroups: [[.pgp(PGPKey(fingerprint: "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4"))]], selection: selection)
    }

    static func fakeEngine() -> SopsEngine {
        SopsEngine(keyServices: KeyServices([FakeKeyService(type: .pgp)]), dataKeyCache: DataKeyCache())
    }

    @Test(arguments: cases)
    func decryptGivesBackTheExactBytes(_ c: Case) async throws {
        let engine = Self.fakeEngine()
        let ciphertext = try await engine.encrypt(c.input, EncryptionRequest(path: "f", format: c.format, rule: Self.rule(c.selection)))
        #expect(SopsEngine.isSopsDocument(ciphertext, format: c.format))
        #expect(try SopsEngine.unencryptedPaths(ciphertext, format: c.format) == [])
        let result = try await engine.decrypt(ciphertext, format: c.format)
        #expect(result.plaintext == c.input)
        #expect(result.warnings == [])
    }

    @Test(arguments: cases)
    func reencryptingAnUnchangedFileReturnsThePreviousBytes(_ c: Case) async throws {
        let engine = Self.fakeEngine()
        let request = EncryptionRequest(path: "f", format: c.format, rule: Self.rule(c.selection))
        let first = try await engine.encrypt(c.input, request)
        var again = request
        again.previous = first
        #expect(try await engine.encrypt(c.input, again) == first)
    }
}
