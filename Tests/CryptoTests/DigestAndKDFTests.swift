import Crypto
import TestSupport
import Testing
import TextEncoding

@Suite struct DigestAndKDFTests {
    /// spec/sops-format.md §5.1: the MAC of `{foo: bar}` is SHA-512("bar").
    @Test func sha512OfBar() {
        #expect(Hex.encode(SHA512.hash(Array("bar".utf8)), uppercase: true)
            == "D82C4EB5261CB9C8AA9855EDD67D1BD10482F41529858D925094D173FA662AA91FF39BC5B188615273484021DFB16FD8284CF684CCF0FC795BE3AA2FC1E6C181")
    }

    @Test func incrementalSHA512MatchesOneShot() {
        var hasher = SHA512.hasher()
        hasher.update(Array("ba".utf8))
        hasher.update(Array("r".utf8))
        #expect(hasher.finalize() == SHA512.hash(Array("bar".utf8)))
    }

    /// spec §5.2: MAC_INIT = SHA-256("sops").
    @Test func sha256OfSops() {
        #expect(Hex.encode(SHA256.hash(Array("sops".utf8))) == "8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69")
    }

    /// FIPS 180-2 appendix A.1.
    @Test func sha1OfABC() {
        #expect(Hex.encode(SHA1.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    /// RFC 4231 test case 2.
    @Test func hmacSHA256() {
        #expect(Hex.encode(HMAC.sha256(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    /// RFC 5869 test case 1.
    @Test func hkdfSHA256() throws {
        let okm = try HKDF.sha256(inputKey: SecretBytes(Hex.decode("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b")),
                                  salt: Hex.decode("000102030405060708090a0b0c"), info: Hex.decode("f0f1f2f3f4f5f6f7f8f9"),
                                  outputCount: 42)
        #expect(Hex.encode(okm.unsafeArray())
            == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
    }

    /// RFC 7914 §12, second vector (N = 1024, r = 8, p = 16).
    @Test func scrypt() throws {
        let out = try Scrypt.derive(password: SecretBytes(Array("password".utf8)), salt: Array("NaCl".utf8),
                                    logN: 10, r: 8, p: 16, outputCount: 64)
        #expect(Hex.encode(out.unsafeArray()).hasPrefix("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"))
    }

    /// RFC 7748 §6.1.
    @Test func x25519() throws {
        let alice = try X25519.PrivateKey(rawRepresentation: SecretBytes(Hex.decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")))
        #expect(Hex.encode(alice.publicKey) == "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        let bobPublic = Hex.decode("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        let shared = try alice.sharedSecret(with: bobPublic)
        #expect(Hex.encode(shared.unsafeArray()) == "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
        #expect(throws: CryptoError.self) { _ = try alice.sharedSecret(with: [UInt8](repeating: 0, count: 32)) }
    }

    @Test func secretBytesAreRedactedAndCompareByValue() {
        let a = SecretBytes([1, 2, 3])
        #expect("\(a)" == "<redacted>")
        #expect(a == SecretBytes([1, 2, 3]))
        #expect(a != SecretBytes([1, 2, 4]))
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }
}
