internal import COpenSSL

/// AES-256 in GCM mode with any nonce length (sops uses 32-byte IVs, spec/sops-format.md §3.2).
public enum AES256GCM {
    public static let keyLength = 32
    public static let tagLength = 16

    /// Encrypts `plaintext`; returns the ciphertext (same length) and the 16-byte tag.
    public static func seal<Plaintext: Collection>(_ plaintext: Plaintext, using key: SecretBytes, iv: [UInt8],
                                                   authenticating aad: [UInt8]) throws -> (ciphertext: [UInt8], tag: [UInt8])
    where Plaintext.Element == UInt8 {
        try check(key: key, iv: iv)
        let bytes = Array(plaintext)
        let sealed = try bytes.withUnsafeBytes { input in
            try CipherContext().aead(cipher: Algorithms.aes256GCM, encrypt: true, key: key, nonce: iv, aad: aad,
                                     input: input, tag: nil, tagLength: tagLength)
        }
        return (sealed.output, sealed.tag)
    }

    /// Decrypts and authenticates; a wrong key or changed data throws `.authenticationFailure`.
    public static func open(_ ciphertext: [UInt8], tag: [UInt8], using key: SecretBytes, iv: [UInt8],
                            authenticating aad: [UInt8]) throws -> [UInt8] {
        try check(key: key, iv: iv)
        return try ciphertext.withUnsafeBytes { input in
            try CipherContext().aead(cipher: Algorithms.aes256GCM, encrypt: false, key: key, nonce: iv, aad: aad,
                                     input: input, tag: tag, tagLength: tagLength).output
        }
    }

    private static func check(key: SecretBytes, iv: [UInt8]) throws {
        guard key.count == keyLength else { throw CryptoError(.invalidInput, "AES-256-GCM key must be 32 bytes") }
        guard !iv.isEmpty, iv.count <= 128 else { throw CryptoError(.invalidInput, "AES-GCM IV must be 1 to 128 bytes") }
    }
}
