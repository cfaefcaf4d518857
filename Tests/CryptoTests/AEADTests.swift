import Crypto
import Foundation
import TestSupport
import Testing
import TextEncoding

/// Vectors from spec/sops-format.md §11.3: data key 00..1f, 32-byte IV 20..3f.
@Suite struct AEADTests {
    let key = SecretBytes((0..<32).map { UInt8($0) })
    let iv = (0x20..<0x40).map { UInt8($0) }

    @Test(arguments: [
        ("bar", "foo:", "daCD", "ILGEaXbtAmhTXDy/1TqlUw=="),
        ("42", "a:b:", "I/M=", "NKym+LP30Au1j6yBfiH7XA=="),
        ("1234.56789", "number:", "JvPCfKM64BT+aA==", "IwATGCyLiqMxVAA6JPE7tQ=="),
        ("héllo ✓", "x:y:", "fwJYJOFg9sFawg==", "W6kbIHjnlOVkDogIRvjazQ=="),
    ])
    func sopsVectors(plaintext: String, aad: String, data: String, tag: String) throws {
        let sealed = try AES256GCM.seal(Array(plaintext.utf8), using: key, iv: iv, authenticating: Array(aad.utf8))
        #expect(Data(sealed.ciphertext).base64EncodedString() == data)
        #expect(Data(sealed.tag).base64EncodedString() == tag)
        let opened = try AES256GCM.open(sealed.ciphertext, tag: sealed.tag, using: key, iv: iv, authenticating: Array(aad.utf8))
        #expect(opened == Array(plaintext.utf8))
    }

    @Test func tamperedCiphertextFailsAuthentication() throws {
        var sealed = try AES256GCM.seal(Array("secret".utf8), using: key, iv: iv, authenticating: [])
        sealed.ciphertext[0] ^= 1
        #expect(throws: CryptoError.self) {
            _ = try AES256GCM.open(sealed.ciphertext, tag: sealed.tag, using: key, iv: iv, authenticating: [])
        }
        let wrongAAD = try? AES256GCM.open(sealed.ciphertext, tag: sealed.tag, using: key, iv: iv, authenticating: [1])
        #expect(wrongAAD == nil)
    }

    @Test func emptyPlaintextSeals() throws {
        let sealed = try AES256GCM.seal([UInt8](), using: key, iv: iv, authenticating: Array("a:".utf8))
        #expect(sealed.ciphertext.isEmpty)
        #expect(try AES256GCM.open([], tag: sealed.tag, using: key, iv: iv, authenticating: Array("a:".utf8)) == [])
    }

    /// RFC 8439 §2.8.2.
    @Test func chaCha20Poly1305RFCVector() throws {
        let key = SecretBytes(Hex.decode("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"))
        let nonce = Hex.decode("070000004041424344454647")
        let aad = Hex.decode("50515253c0c1c2c3c4c5c6c7")
        let plaintext = Array("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.".utf8)
        let box = try ChaCha20Poly1305.seal(plaintext, using: key, nonce: nonce, authenticating: aad)
        #expect(Hex.encode(Array(box.suffix(16))) == "1ae10b594f09e26a7e902ecbd0600691")
        #expect(Hex.encode(Array(box.prefix(8))) == "d31a8d34648e60db")
        #expect(try ChaCha20Poly1305.open(box, using: key, nonce: nonce, authenticating: aad) == plaintext)
        var bad = box
        bad[bad.count - 1] ^= 0x80
        #expect(throws: CryptoError.self) { _ = try ChaCha20Poly1305.open(bad, using: key, nonce: nonce, authenticating: aad) }
    }
}
