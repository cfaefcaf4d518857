import Crypto
import Testing
import TestSupport
@testable import KeySources

@Suite struct Bech32Tests {
    @Test func roundTripsAndIsCaseInsensitiveInTheDataPart() throws {
        let data = SecureRandom.bytes(32)
        let encoded = Bech32.encode(hrp: "age", data: data)
        #expect(try Bech32.decode(encoded).data == data)
        let upper = encoded.map { (97...122).contains($0) ? $0 - 32 : $0 }
        let decoded = try Bech32.decode(upper)
        #expect(decoded.hrp == "AGE")
        #expect(decoded.data == data)
    }

    /// BIP 173 test vectors whose checksum must verify (data chosen to be whole bytes).
    @Test(arguments: ["A12UEL5L", "a12uel5l", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"])
    func bip173ValidStrings(_ string: String) throws {
        _ = try Bech32.decode(Array(string.utf8))
    }

    @Test(arguments: [
        ("A1G7SGD8", "invalid checksum"),
        ("a12UEL5L", "mixed case"),
        ("pzry9x0s0muk", "separator '1' at invalid position"),
        ("1pzry9x0s0muk", "separator '1' at invalid position"),
        ("x1b4n0q5v", "invalid character in data part"),
        ("li1dgmt3", "separator '1' at invalid position"),
    ])
    func bip173InvalidStrings(_ string: String, reason: String) {
        #expect(throws: Bech32.DecodingError(reason)) { try Bech32.decode(Array(string.utf8)) }
    }
}

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
