import Foundation
import KeySources
import Sops
import TestSupport
import Testing

/// Changed values, swapped values, a changed MAC, a truncated `enc` and a wrong `lastmodified`
/// each fail decryption with a clear error (and no output).
@Suite struct TamperTests {
    static let input = Array("{\n  \"user\": \"admin\",\n  \"password\": \"hunter2\",\n  \"token\": \"abc\"\n}\n".utf8)

    static func encrypted() async throws -> (SopsEngine, String) {
        let engine = RoundTripTests.fakeEngine()
        let ciphertext = try await engine.encrypt(input, EncryptionRequest(path: "s.json", rule: RoundTripTests.rule(nil)))
        return (engine, String(decoding: ciphertext, as: UTF8.self))
    }

    static func line(_ text: String, containing key: String) -> String {
        text.split(separator: "\n").first { $0.contains("\"\(key)\":") }.map(String.init)!
    }

    static func expectFailure(_ engine: SopsEngine, _ text: String, code: SopsError.Code, _ fragment: String) async {
        do {
            let result = try await engine.decrypt(Array(text.utf8), format: .json)
            Issue.record("decryption succeeded: \(result.plaintext.count) bytes")
        } catch {
            #expect(error.code == code)
            #expect(error.description.contains(fragment), "\(error.description)")
            #expect(!error.description.contains("hunter2"))
            // Nor a digest of the values (the MAC is an unkeyed SHA-512 of them).
            #expect(error.description.firstRange(of: /[0-9A-Fa-f]{32}/) == nil, "\(error.description)")
        }
    }

    @Test func changedValue() async throws {
        let (engine, text) = try await Self.encrypted()
        let line = Self.line(text, containing: "password")
        let data = line.split(separator: ",")[1]  // "data:…"
        var flipped = Array(data.utf8)
        flipped[6] = flipped[6] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let tampered = text.replacingOccurrences(of: String(data), with: String(decoding: flipped, as: UTF8.self))
        await Self.expectFailure(engine, tampered, code: .decryption, "message authentication failed")
    }

    static func encValue(_ line: String) -> String {
        let start = line.range(of: "ENC[")!.lowerBound
        return String(line[start...line[start...].firstIndex(of: "]")!])
    }

    @Test func swappedValues() async throws {
        let (engine, text) = try await Self.encrypted()
        let a = Self.encValue(Self.line(text, containing: "user")), b = Self.encValue(Self.line(text, containing: "token"))
        let swapped = text.replacingOccurrences(of: a, with: "@@A@@").replacingOccurrences(of: b, with: a)
            .replacingOccurrences(of: "@@A@@", with: b)
        await Self.expectFailure(engine, swapped, code: .decryption, "message authentication failed")
    }

    @Test func valuesMovedWithinAListBreakTheMAC() async throws {
        let engine = RoundTripTests.fakeEngine()
        let input = Array("{\"list\": [\"one\", \"two\"]}".utf8)
        let text = String(decoding: try await engine.encrypt(input, EncryptionRequest(path: "l.json", rule: RoundTripTests.rule(nil))), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = lines.firstIndex { $0.contains("ENC[") }!
        var swapped = lines
        swapped[first] = lines[first + 1].replacingOccurrences(of: "]\"", with: "]\",").replacingOccurrences(of: "]\",,", with: "]\",")
        swapped[first + 1] = lines[first].replacingOccurrences(of: "]\",", with: "]\"")
        await Self.expectFailure(engine, swapped.joined(separator: "\n"), code: .macMismatch, "MAC mismatch: its values do not match its MAC")
    }

    @Test func changedMAC() async throws {
        let (engine, text) = try await Self.encrypted()
        let mac = Self.line(text, containing: "mac")
        let tampered = text.replacingOccurrences(of: mac, with: mac.replacingOccurrences(of: "data:", with: "data:AAAA"))
        await Self.expectFailure(engine, tampered, code: .macMismatch, "Cannot decrypt MAC")
    }

    @Test func wrongLastModified() async throws {
        let (engine, text) = try await Self.encrypted()
        let lastModified = Self.line(text, containing: "lastmodified")
        let tampered = text.replacingOccurrences(of: lastModified, with: "\t\t\"lastmodified\": \"2001-01-01T00:00:00Z\",")
        await Self.expectFailure(engine, tampered, code: .macMismatch, "Cannot decrypt MAC")
    }

    @Test func truncatedEnc() async throws {
        let engine = InteropTests.ageEngine()
        let ciphertext = try await engine.encrypt(Self.input, EncryptionRequest(path: "s.json", rule: InteropTests.ageRule(nil)))
        let text = String(decoding: ciphertext, as: UTF8.self)
        let enc = Self.line(text, containing: "enc")
        let tampered = text.replacingOccurrences(of: enc, with: String(enc.prefix(enc.count / 2)) + "\\n-----END AGE ENCRYPTED FILE-----\\n\",")
        await Self.expectFailure(engine, tampered, code: .dataKey, "Failed to get the data key")
    }

    @Test func valueInClearWhereEncryptionIsExpected() async throws {
        let (engine, text) = try await Self.encrypted()
        let line = Self.line(text, containing: "token")
        let tampered = text.replacingOccurrences(of: line, with: "\t\"token\": \"plain\",")
        await Self.expectFailure(engine, tampered, code: .decryption, "does not match sops' data format")
        #expect(try SopsEngine.unencryptedPaths(Array(tampered.utf8), format: .json) == ["token:"])
    }

    @Test func noMACFailsUnlessIgnored() async throws {
        let (engine, text) = try await Self.encrypted()
        let mac = Self.line(text, containing: "mac")
        let tampered = text.replacingOccurrences(of: mac + "\n", with: "")
        await Self.expectFailure(engine, tampered, code: .macMismatch, "the file has no MAC")
        let result = try await engine.decrypt(Array(tampered.utf8), format: .json, options: DecryptionOptions(verifyMAC: false))
        #expect(result.plaintext == Self.input)
    }
}
