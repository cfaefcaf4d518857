import Foundation
import KeySources
@testable import Sops
import TestSupport
import TestTraits
import Testing

/// Round trips over generated documents, every format and every selection option; the reference
/// implementation reads the same trees from everything encrypted.
@Suite struct GeneratedDocumentTests {
    static let formats: [SopsFormat] = [.json, .yaml, .dotenv, .ini, .binary]

    static func documents(count: Int) throws -> [(SopsFormat, [UInt8], SelectionRule?)] {
        var generator = DocumentGenerator(seed: 20261122)
        var out: [(SopsFormat, [UInt8], SelectionRule?)] = []
        for _ in 0..<count {
            for format in formats {
                for selection in format == .binary ? [nil] : Samples.selections {
                    out.append((format, try generator.document(format), selection))
                }
            }
        }
        return out
    }

    @Test func generatedDocumentsRoundTripByteForByte() async throws {
        let engine = RoundTripTests.fakeEngine()
        for (format, input, selection) in try Self.documents(count: 8) {
            let ciphertext = try await engine.encrypt(input, EncryptionRequest(path: "g", format: format, rule: RoundTripTests.rule(selection)))
            let result = try await engine.decrypt(ciphertext, format: format)
            #expect(result.plaintext == input, "\(format) \(selection?.field ?? "default"): \(String(decoding: input, as: UTF8.self))")
            #expect(try SopsEngine.unencryptedPaths(ciphertext, format: format) == [])
        }
    }

    @Test(.needsSopsRef) func theReferenceReadsTheSameTrees() async throws {
        let engine = InteropTests.ageEngine()
        let documents = try Self.documents(count: 3)
        var ciphertexts: [[UInt8]] = []
        for (format, input, selection) in documents {
            ciphertexts.append(try await engine.encrypt(input, EncryptionRequest(path: "g", format: format, rule: InteropTests.ageRule(selection))))
        }
        let encDir = try TemporaryDirectory("generated-enc"), plainDir = try TemporaryDirectory("generated-plain")
        let encFiles = try SopsRef.files(ciphertexts, in: encDir), plainFiles = try SopsRef.files(documents.map(\.1), in: plainDir)
        let outcomes = try SopsRef.batch(documents.indices.flatMap { i in
            [["decrypt", encFiles[i], "--format", documents[i].0.rawValue, "--typed"],
             ["plain", plainFiles[i], "--format", documents[i].0.rawValue, "--typed"]]
        })
        for (i, (format, input, selection)) in documents.enumerated() {
            let decrypted = outcomes[2 * i], plain = outcomes[2 * i + 1]
            let label = "\(format) \(selection?.field ?? "default"): \(String(decoding: input, as: UTF8.self))"
            #expect(decrypted.status == 0, "\(label)\n\(decrypted.err)")
            #expect(sameTree(decrypted.out, plain.out), "\(label)\n\(decrypted.text)\n\(plain.text)")
        }
    }
}
