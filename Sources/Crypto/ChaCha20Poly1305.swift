internal import COpenSSL

/// ChaCha20-Poly1305 (RFC 8439) as age uses it: 32-byte key, 12-byte nonce, tag appended.
public enum ChaCha20Poly1305 {
    public static let keyLength = 32
    public static let nonceLength = 12
    public static let tagLength = 16

    /// Returns ciphertext ‖ tag.
    public static func seal(_ plaintext: [UInt8], using key: SecretBytes, nonce: [UInt8],
                            authenticating aad: [UInt8] = []) throws -> [UInt8] {
        try check(key: key, nonce: nonce)
        let sealed = try plaintext.withUnsafeBytes { input in
            try CipherContext().aead(cipher: Algorithms.chaCha20Poly1305, encrypt: true, key: key, nonce: nonce,
                                     aad: aad, input: input, tag: nil, tagLength: tagLength)
        }
        return sealed.output + sealed.tag
    }

    /// Opens ciphertext ‖ tag; a wrong key or changed data throws `.authenticationFailure`.
    public static func open(_ box: [UInt8], using key: SecretBytes, nonce: [UInt8],
                            authenticating aad: [UInt8] = []) throws -> [UInt8] {
        try check(key: key, nonce: nonce)
        guard box.count >= tagLength else { throw CryptoError(.authenticationFailure, "message authentication failed") }
        let tag = Array(box.suffix(tagLength))
        return try box.withUnsafeBytes { all in
            let input = UnsafeRawBufferPointer(rebasing: all.prefix(box.count - tagLength))
            return try CipherContext().aead(cipher: Algorithms.chaCha20Poly1305, encrypt: false, key: key, nonce: nonce,
                                            aad: aad, input: input, tag: tag, tagLength: tagLength).output
        }
    }

    private static func check(key: SecretBytes, nonce: [UInt8]) throws {
        guard key.count == keyLength, nonce.count == nonceLength else {
            throw CryptoError(.invalidInput, "ChaCha20-Poly1305 needs a 32-byte key and a 12-byte nonce")
        }
    }
}
