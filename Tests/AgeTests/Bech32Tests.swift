import Crypto
import Testing
import TestSupport
@testable import Age

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
