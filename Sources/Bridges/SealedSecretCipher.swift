import Crypto

/// The sealed-secrets controller's hybrid encryption (`pkg/crypto` HybridEncrypt/HybridDecrypt):
///
///     uint16 big-endian length of R || R = RSA-OAEP-SHA256(session key, label) || AES-256-GCM(value)
///
/// with a fresh 32-byte session key per value. The AES-GCM nonce is twelve zero bytes: safe
/// because each session key encrypts exactly one message.
enum SealedSecretCipher {
    static let sessionKeyBytes = 32
    static let zeroNonce = [UInt8](repeating: 0, count: 12)

    /// Seals one value for `key` under `label`.
    static func seal(_ value: [UInt8], to key: RSA.PublicKey, label: [UInt8]) throws -> [UInt8] {
        let sessionKey = SecureRandom.secret(sessionKeyBytes)
        let wrapped = try key.encrypt(sessionKey, padding: .sha256, label: label)
        guard wrapped.count <= Int(UInt16.max) else { throw CryptoError(.invalidInput, "RSA key too large for sealing") }
        let sealed = try AES256GCM.seal(value, using: sessionKey, iv: zeroNonce, authenticating: [])
        return [UInt8(wrapped.count >> 8), UInt8(wrapped.count & 0xff)] + wrapped + sealed.ciphertext + sealed.tag
    }

    /// Opens a sealed value with `key` under `label`; fails on a wrong key, label or changed bytes.
    static func open(_ sealed: [UInt8], with key: RSA.PrivateKey, label: [UInt8]) throws -> [UInt8] {
        guard sealed.count >= 2 else { throw CryptoError(.invalidInput, "sealed value too short") }
        let length = Int(sealed[0]) << 8 | Int(sealed[1])
        guard sealed.count >= 2 + length + AES256GCM.tagLength else { throw CryptoError(.invalidInput, "sealed value too short") }
        let sessionKey = try key.decrypt(Array(sealed[2..<(2 + length)]), padding: .sha256, label: label)
        guard sessionKey.count == sessionKeyBytes else { throw CryptoError(.authenticationFailure, "session key has the wrong size") }
        let body = sealed[(2 + length)...]
        return try AES256GCM.open(Array(body.dropLast(AES256GCM.tagLength)), tag: Array(body.suffix(AES256GCM.tagLength)),
                                  using: sessionKey, iv: zeroNonce, authenticating: [])
    }
}
