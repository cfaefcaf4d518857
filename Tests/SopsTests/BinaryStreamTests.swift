import Foundation
@testable import Sops
import TestSupport
import Testing

/// The streaming binary path (`encryptBinary`, `decryptBinary`) against the whole-tree path: the
/// same document byte for byte (up to IVs and the timestamp), the same reuse of the previous
/// ciphertext, the same refusals.
@Suite struct BinaryStreamTests {
    /// Around the seal chunk (49152 plaintext bytes), the open chunk (65536 base64 characters) and
    /// the base64 padding.
    static let sizes = [1, 2, 3, 4, 49151, 49152, 49153, 98304, 98305, 150_001]

    static func random(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255) } }

    static func request(previous: [UInt8]? = nil) -> EncryptionRequest {
        EncryptionRequest(path: "blob.bin", rule: RoundTripTests.rule(nil), previous: previous)
    }

    /// The document with every `ENC[…]` and the timestamp blanked.
    static func shape(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
            .replacingOccurrences(of: #"ENC\[[^\]]*\]"#, with: "ENC", options: .regularExpression)
            .replacingOccurrences(of: #""lastmodified": "[^"]*""#, with: "LM", options: .regularExpression)
    }

    @Test(arguments: sizes) func streamedDocumentsAreTheTreePathsAndBothDecrypt(size: Int) async throws {
        let engine = RoundTripTests.fakeEngine()
        let base = try await engine.encrypt(Self.random(7), Self.request())
        let plaintext = Self.random(size)
        let tree = try await engine.encrypt(plaintext, Self.request(previous: base))
        let streamed = try #require(try await engine.encryptBinary(plaintext, Self.request(previous: base)))
        #expect(streamed.bytes == nil)
        let bytes = try streamed.collected()
        #expect(Self.shape(bytes) == Self.shape(tree))
        #expect(try await engine.decrypt(bytes, format: .binary).plaintext == plaintext)
        let opened = try #require(try await engine.decryptBinary(tree))
        #expect(try opened.collected() == plaintext)
        let fresh = try #require(try await engine.encryptBinary(plaintext, Self.request()))
        #expect(try await engine.decrypt(try fresh.collected(), format: .binary).plaintext == plaintext)
    }

    @Test func sopsBinaryFixtureStreams() async throws {
        let fixture = try #require(SopsFixture.nonYAML.first { $0.format == .binary })
        let opened = try #require(try await engine(injecting: fixture.dataKeyHex).decryptBinary(try fixture.bytes))
        #expect(String(decoding: try opened.collected(), as: UTF8.self) == fixture.expected)
    }

    @Test func anUnchangedPlaintextReturnsThePreviousDocumentVerbatim() async throws {
        let engine = RoundTripTests.fakeEngine()
        let plaintext = Self.random(70_000)
        let previous = try await engine.encrypt(plaintext, Self.request())
        let again = try #require(try await engine.encryptBinary(plaintext, Self.request(previous: previous)))
        #expect(again.bytes == previous)
        // One byte more or less is a change.
        for changed in [plaintext + [0], Array(plaintext.dropLast())] {
            let output = try #require(try await engine.encryptBinary(changed, Self.request(previous: previous)))
            #expect(output.bytes == nil)
        }
    }

    @Test func whatTheStreamDoesNotHandleIsLeftToTheTreePath() async throws {
        let engine = RoundTripTests.fakeEngine()
        #expect(try await engine.encryptBinary([], Self.request()) == nil)
        #expect(try await engine.encryptBinary([1], EncryptionRequest(path: "a.json", rule: RoundTripTests.rule(nil))) == nil)
        let plaintext = Self.random(5000)
        let document = try await engine.encrypt(plaintext, Self.request())
        // `\/` is valid JSON for `/`: the tree path reads it, the streaming reader leaves it.
        let text = String(decoding: document, as: UTF8.self)
        let data = try #require(text.range(of: "data:"))
        let escaped = Array(text.replacingOccurrences(of: "/", with: "\\/", range: data.upperBound..<text.range(of: ",iv:")!.lowerBound).utf8)
        #expect(escaped != document)
        #expect(try await engine.decryptBinary(escaped) == nil)
        #expect(try await engine.decrypt(escaped, format: .binary).plaintext == plaintext)
        #expect(try await engine.decryptBinary(document, options: DecryptionOptions(extract: try SopsTreePath(parsing: #"["data"]"#))) == nil)
    }

    @Test func tamperingIsRefusedBeforeAnyOutput() async throws {
        let engine = RoundTripTests.fakeEngine()
        let document = try await engine.encrypt(Self.random(60_000), Self.request())
        let text = String(decoding: document, as: UTF8.self)
        func flip(after marker: String, by offset: Int) -> [UInt8] {
            var bytes = document
            let index = text.utf8.distance(from: text.startIndex, to: text.range(of: marker)!.upperBound) + offset
            bytes[index] = bytes[index] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            return bytes
        }
        let cases: [([UInt8], SopsError.Code)] = [
            (flip(after: "\"data\": \"ENC[AES256_GCM,data:", by: 40_000), .decryption),
            (flip(after: ",tag:", by: 2), .decryption),
            (flip(after: "\"mac\": \"ENC[AES256_GCM,data:", by: 3), .macMismatch),
        ]
        for (tampered, code) in cases {
            await #expect { try await engine.decryptBinary(tampered) } throws: { ($0 as? SopsError)?.code == code }
            // A previous document that does not verify is not reused (its data key could be
            // anyone's): the new plaintext is encrypted afresh, for the rule's keys, as `encrypt` does.
            let output = try #require(try await engine.encryptBinary([1, 2], Self.request(previous: tampered)))
            var written: [UInt8] = []
            try output.write { written.append(contentsOf: $0) }
            #expect(try await engine.decrypt(written, format: .binary).plaintext == [1, 2])
            #expect(try SopsEngine.inspect(written, format: .binary).keyGroups != SopsEngine.inspect(tampered, format: .binary).keyGroups)
        }
        // --ignore-mac: the MAC is not read, the tag still is.
        #expect(try await engine.decryptBinary(cases[2].0, options: DecryptionOptions(verifyMAC: false)) != nil)
    }
}
