import Crypto
import Testing
import TestSupport
@testable import Age
import TextEncoding

/// The header grammar, the armor and the STREAM payload (age-encryption.org/v1).
@Suite struct AgeFormatTests {
    static let vectorFile = try! AgeArmor.decode(Array(AgeTestKeys.armoredVector.utf8))

    private func header(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func headerRoundTripsForEveryBodyShape() throws {
        let stanzas = [0, 1, 32, 47, 48, 96, 100].map { count in
            AgeStanza(type: "test-\(count)", arguments: ["a", "b+/="], body: SecureRandom.bytes(count))
        }
        let encoded = AgeFormat.encodeWithoutMAC(stanzas) + AgeFormat.encodeFooter(mac: SecureRandom.bytes(32))
        let parsed = try AgeFormat.parse(encoded + [1, 2, 3])
        #expect(parsed.stanzas == stanzas)
        #expect(parsed.payloadStart == encoded.count)
        // A body that fills its last line exactly is followed by an empty line.
        let lines = String(decoding: encoded, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let index = lines.firstIndex { $0.hasPrefix("-> test-48") }!
        #expect(lines[index + 1].count == 64 && lines[index + 2].isEmpty)
    }

    @Test func vectorHeaderIsCanonical() throws {
        let parsed = try AgeFormat.parse(Self.vectorFile)
        #expect(parsed.stanzas.map(\.type) == ["X25519"])
        #expect(Array(parsed.authenticatedBytes) == AgeFormat.encodeWithoutMAC(parsed.stanzas))
    }

    @Test(arguments: [
        ("age-encryption.org/v2\n-> X25519 abc\n\n--- AAAA\n", "unexpected intro"),
        ("age-encryption.org/v1\n-> X25519 abc\n", "unexpected end of header"),
        ("age-encryption.org/v1\n-> X25519  abc\n\n--- AAAA\n", "malformed stanza opening line"),
        ("age-encryption.org/v1\n-> \n\n--- AAAA\n", "malformed stanza opening line"),
        ("age-encryption.org/v1\nX25519 abc\n\n--- AAAA\n", "unexpected line"),
        ("age-encryption.org/v1\n-> X abc\n" + String(repeating: "A", count: 65) + "\n\n--- AAAA\n", "stanza body line too long"),
        ("age-encryption.org/v1\n-> X abc\nAB\n--- AAAA\n", "malformed body line: invalid base64"),
        ("age-encryption.org/v1\n-> X abc\nAA==\n--- AAAA\n", "malformed body line: invalid base64"),
        // A full body line must be followed by another line.
        ("age-encryption.org/v1\n-> X abc\n" + String(repeating: "A", count: 64) + "\n--- AAAA\n", "malformed body line: invalid base64"),
        ("age-encryption.org/v1\n-> X abc\n\n--- AAAA\n", "malformed closing line"),
        ("age-encryption.org/v1\n-> X abc\n\n---\n", "malformed closing line"),
    ])
    func rejectsMalformedHeaders(_ text: String, reason: String) {
        #expect(throws: AgeError.parse(reason)) { try AgeFormat.parse(header(text)) }
    }

    @Test func armorIsWhatSopsWrites() throws {
        #expect(AgeArmor.encode(Self.vectorFile) == AgeTestKeys.armoredVector)
        let long = AgeArmor.encode(SecureRandom.bytes(1000))
        let lines = long.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "-----BEGIN AGE ENCRYPTED FILE-----")
        #expect(lines.dropLast().last == "-----END AGE ENCRYPTED FILE-----" && lines.last == "")
        #expect(lines.dropFirst().dropLast(3).allSatisfy { $0.count == 64 })
    }

    @Test(arguments: [
        AgeTestKeys.armoredVector.replacingOccurrences(of: "\n", with: "\r\n"),
        "\n  \n" + AgeTestKeys.armoredVector + "\n \t\n",
        String(AgeTestKeys.armoredVector.dropLast()),
    ])
    func armorAcceptsWhatAgeAccepts(_ text: String) throws {
        #expect(try AgeArmor.decode(Array(text.utf8)) == Self.vectorFile)
    }

    @Test(arguments: [
        (AgeTestKeys.armoredVector + "x", "trailing data after armored file"),
        ("x" + AgeTestKeys.armoredVector, "invalid first line"),
        (AgeTestKeys.armoredVector.replacingOccurrences(of: "-----END AGE ENCRYPTED FILE-----\n", with: ""), "missing end line"),
        (AgeTestKeys.armoredVector.replacingOccurrences(of: "PQ\nEyll", with: "PQE\nyll"), "column limit exceeded"),
        (AgeTestKeys.armoredVector.replacingOccurrences(of: "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBvY2t2NkdLUGRvY3l2OGNy\n",
                                                        with: "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBvY2t2NkdLUGRvY3l2\nOGNy\n"),
         "invalid closing line"),
        (AgeTestKeys.armoredVector.replacingOccurrences(of: "EylloI7MNGbadPGb", with: "EylloI7MNGbadPG="), "invalid base64 line"),
    ])
    func armorRejectsDamage(_ text: String, reason: String) {
        #expect(throws: AgeError(.malformed, "invalid age armor: \(reason)")) { try AgeArmor.decode(Array(text.utf8)) }
    }

    @Test(arguments: [0, 1, 65535, 65536, 65537, 2 * 65536, 200_000])
    func streamRoundTrips(size: Int) throws {
        let plaintext = SecureRandom.secret(size)
        let fileKey = SecureRandom.secret(16)
        let payload = try AgeStream.seal(plaintext, fileKey: fileKey)
        let chunks = max(1, (size + 65535) / 65536)
        #expect(payload.count == 16 + size + 16 * chunks)
        #expect(try AgeStream.open(payload[...], fileKey: fileKey) == plaintext)
    }

    @Test func streamDetectsTruncationAndReordering() throws {
        let fileKey = SecureRandom.secret(16)
        let payload = try AgeStream.seal(SecureRandom.secret(3 * 65536 + 10), fileKey: fileKey)
        let chunk = 65536 + 16
        // Dropping the short last chunk leaves a full chunk not marked last.
        #expect(throws: AgeError(.failed, "failed to decrypt and authenticate age payload chunk")) {
            try AgeStream.open(payload.prefix(16 + 3 * chunk), fileKey: fileKey)
        }
        var swapped = payload
        swapped.replaceSubrange((16 + chunk)..<(16 + 2 * chunk), with: payload[16..<(16 + chunk)])
        #expect(throws: AgeError.self) { try AgeStream.open(swapped[...], fileKey: fileKey) }
        #expect(throws: AgeError(.failed, "age payload is truncated")) { try AgeStream.open(payload.prefix(16), fileKey: fileKey) }
    }

    @Test func streamRejectsATrailingEmptyChunk() throws {
        let fileKey = SecureRandom.secret(16)
        let nonce = SecureRandom.bytes(16)
        let key = try HKDF.sha256(inputKey: fileKey, salt: nonce, info: Array("payload".utf8), outputCount: 32)
        let full = try ChaCha20Poly1305.seal(SecureRandom.bytes(65536), using: key, nonce: [UInt8](repeating: 0, count: 12))
        let empty = try ChaCha20Poly1305.seal([], using: key, nonce: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1])
        #expect(throws: AgeError(.failed, "age payload ends with an empty chunk")) {
            try AgeStream.open((nonce + full + empty)[...], fileKey: fileKey)
        }
    }

    @Test func scryptRoundTripAndRefusals() throws {
        let passphrase = SecretBytes(Array("correct horse battery staple".utf8))
        let recipient = try ScryptRecipient(passphrase: passphrase, workFactor: 10)
        let plaintext = SecureRandom.secret(32)
        let file = try Age.encrypt(plaintext, to: [recipient])
        let stanza = try AgeFormat.parse(file).stanzas
        #expect(stanza.map(\.type) == ["scrypt"] && stanza[0].arguments[1] == "10")
        #expect(try Age.decrypt(file, with: [ScryptIdentity(passphrase: passphrase)]) == plaintext)
        let wrong = #expect(throws: AgeError.self) {
            try Age.decrypt(file, with: [ScryptIdentity(passphrase: SecretBytes(Array("wrong".utf8)))])
        }
        #expect(wrong?.code == .noIdentityMatched)
        #expect(throws: AgeError(.failed, "scrypt work factor too large: 10 (at most 9 accepted)")) {
            try Age.decrypt(file, with: [ScryptIdentity(passphrase: passphrase, maxWorkFactor: 9)])
        }
        let other = try AgeTestKeys.parsedIdentity().recipient
        #expect(throws: AgeError(.failed, "an scrypt recipient must be the only one")) {
            try Age.encrypt(plaintext, to: [recipient, other])
        }
        #expect(throws: AgeError.self) { try ScryptRecipient(passphrase: passphrase, workFactor: 23) }
    }

    @Test func scryptStanzaMustBeAlone() throws {
        let passphrase = SecretBytes(Array("pw".utf8))
        let fileKey = SecureRandom.secret(16)
        let stanzas = [try ScryptRecipient(passphrase: passphrase, workFactor: 2).wrap(fileKey),
                       try AgeTestKeys.parsedIdentity().recipient.wrap(fileKey)]
        let file = AgeFormat.encodeWithoutMAC(stanzas) + AgeFormat.encodeFooter(mac: SecureRandom.bytes(32))
        #expect(throws: AgeError.parse("an scrypt stanza must be the only one")) {
            try Age.decrypt(file, with: [ScryptIdentity(passphrase: passphrase)])
        }
    }

    @Test func tamperingIsDetected() throws {
        let identity = try AgeTestKeys.parsedIdentity()
        let file = Self.vectorFile
        let parsed = try AgeFormat.parse(file)
        var badMAC = file
        badMAC[parsed.payloadStart - 3] ^= 0x01
        // Flipping a base64 character of the MAC either breaks its encoding or the MAC itself.
        #expect(throws: AgeError.self) { try Age.decrypt(badMAC, with: [identity]) }
        var badPayload = file
        badPayload[badPayload.count - 1] ^= 0x01
        #expect(throws: AgeError(.failed, "failed to decrypt and authenticate age payload chunk")) {
            try Age.decrypt(badPayload, with: [identity])
        }
        var stanzas = parsed.stanzas
        stanzas[0].arguments = ["x"] + stanzas[0].arguments
        let respliced = AgeFormat.encodeWithoutMAC(stanzas) + AgeFormat.encodeFooter(mac: parsed.mac) + file[parsed.payloadStart...]
        #expect(throws: AgeError(.malformed, "invalid X25519 stanza")) { try Age.decrypt(respliced, with: [identity]) }
        let macOnly = AgeFormat.encodeWithoutMAC(parsed.stanzas + [AgeStanza(type: "grease", arguments: [], body: [])])
            + AgeFormat.encodeFooter(mac: parsed.mac) + file[parsed.payloadStart...]
        #expect(throws: AgeError(.failed, "bad header MAC")) { try Age.decrypt(macOnly, with: [identity]) }
    }

    @Test func lowOrderShareIsRejected() throws {
        let identity = try AgeTestKeys.parsedIdentity()
        let stanza = AgeStanza(type: "X25519", arguments: [Base64.encode([UInt8](repeating: 0, count: 32), .raw)],
                               body: SecureRandom.bytes(32))
        #expect(throws: AgeError(.malformed, "invalid X25519 stanza: low-order ephemeral share")) { try identity.unwrap(stanza) }
    }
}
