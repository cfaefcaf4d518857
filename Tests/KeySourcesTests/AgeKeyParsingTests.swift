@testable import Age
import Crypto
import Foundation
import Testing
import TestSupport
@testable import KeySources

/// age keys as the key services parse them: errors are `KeySourceError`s.
@Suite struct AgeKeyParsingTests {
    @Test func parsesTheSopsTestRecipient() throws {
        let recipient = try X25519Recipient(parsing: AgeTestKeys.recipient)
        #expect(recipient.description == AgeTestKeys.recipient)
        #expect(recipient.publicKey.count == 32)
    }

    @Test(arguments: [
        // Last character changed: the checksum no longer matches.
        ("age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvuq", "invalid checksum"),
        // age only accepts lower-case recipients (the HRP keeps its case).
        ("AGE1LZD99UKLCJNC0E7D860AXEVET2CZ99CE9PQ6TZUZD05L5NR28AMS36NVUN", "invalid type \"AGE\""),
        ("Age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun", "mixed case"),
        // A valid Bech32 string under another HRP.
        ("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", "invalid type \"abcdef\""),
        ("age1qqqsyqcyq5rqwzqfpg9scrgwpugpzysnryu6xr", "invalid key length 20"),
        ("age1", "separator '1' at invalid position"),
        ("", "separator '1' at invalid position"),
    ])
    func rejectsMalformedRecipients(_ string: String, reason: String) {
        let error = #expect(throws: KeySourceError.self) { try X25519Recipient(parsing: string) }
        #expect(error?.code == .invalidKey)
        #expect(error?.description == "malformed recipient \"\(string)\": \(reason)")
    }

    @Test(arguments: [
        ("age1pq1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", "post-quantum (age1pq1…)"),
    ])
    func namesUnsupportedRecipientKinds(_ string: String, kind: String) {
        let error = #expect(throws: KeySourceError.self) { try X25519Recipient(parsing: string) }
        #expect(error?.code == .unsupported)
        #expect(error?.message == "\(kind) recipients are not supported by gitsops")
    }

    @Test func identityErrorsNeverRepeatTheKey() {
        let lower = AgeTestKeys.identity.lowercased()
        let corrupted = String(AgeTestKeys.identity.dropLast()) + "8"
        for (text, reason) in [(lower, "unknown type \"age-secret-key-\""), (corrupted, "invalid checksum"),
                               (AgeTestKeys.recipient, "unknown type \"age\"")] {
            let error = #expect(throws: KeySourceError.self) { try AgeTestKeys.parsedIdentity(text) }
            #expect(error?.description == "malformed secret key: \(reason)")
        }
    }

    @Test func generatedIdentityKeyFileLooksLikeAgeKeygen() throws {
        let identity = try X25519Identity.generate()
        let text = String(decoding: identity.keyFileContents().bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 4 && lines[3].isEmpty)
        #expect(lines[0].range(of: #"^# created: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression) != nil)
        #expect(lines[1] == "# public key: \(identity.recipient)")
        #expect(lines[2].hasPrefix("AGE-SECRET-KEY-1") && lines[2].count == 74)
        #expect(try AgeTestKeys.parsedIdentity(lines[2]).recipient == identity.recipient)
        #expect(try X25519Identity.generate().recipient != identity.recipient)
    }

    @Test func sopsTestIdentityEncodesBackToItself() throws {
        #expect(String(decoding: try AgeTestKeys.parsedIdentity().encoded().bytes, as: UTF8.self) == AgeTestKeys.identity)
    }
}
