import Crypto
import Testing

@Suite struct RSATests {
    @Test func oaepRoundTripWithLabelAndSignature() throws {
        let key = try RSA.PrivateKey(generatingBits: 2048)
        let pem = try key.publicKey.pemRepresentation
        let pub = try RSA.PublicKey(pem: pem)
        #expect(pub.byteCount == 256)
        let secret = SecretBytes((0..<32).map { UInt8($0) })
        let label = Array("default/mysecret".utf8)
        let sealed = try pub.encrypt(secret, padding: .sha256, label: label)
        #expect(try key.decrypt(sealed, padding: .sha256, label: label) == secret)
        #expect(throws: CryptoError.self) { _ = try key.decrypt(sealed, padding: .sha256, label: Array("other".utf8)) }
        let reloaded = try RSA.PrivateKey(pem: try key.pemRepresentation)
        let signature = try reloaded.signSHA256(Array("message".utf8))
        #expect(pub.verifySHA256(signature: signature, message: Array("message".utf8)))
        #expect(!pub.verifySHA256(signature: signature, message: Array("massage".utf8)))
    }
}
