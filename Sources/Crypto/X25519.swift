internal import COpenSSL

/// X25519 Diffie-Hellman (RFC 7748), as age's native recipients use it.
public enum X25519 {
    public static let keyLength = 32

    /// A private scalar; its public key is derived on creation.
    public struct PrivateKey: Sendable {
        private let key: PKey
        /// The 32-byte public key (the age recipient's payload).
        public let publicKey: [UInt8]

        /// A new random private key.
        public init() throws {
            try self.init(rawRepresentation: SecureRandom.secret(keyLength))
        }

        /// A private key from its 32 raw bytes.
        public init(rawRepresentation raw: SecretBytes) throws {
            guard raw.count == keyLength else { throw CryptoError(.invalidInput, "X25519 private key must be 32 bytes") }
            let pkey = raw.withUnsafeBytes { r in
                EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nil, r.baseAddress?.assumingMemoryBound(to: UInt8.self), r.count)
            }
            guard let pkey else { throw CryptoError.openSSL("X25519 private key") }
            key = PKey(takingOwnershipOf: pkey)
            var pub = [UInt8](repeating: 0, count: keyLength)
            var length = keyLength
            guard EVP_PKEY_get_raw_public_key(pkey, &pub, &length) == 1, length == keyLength else {
                throw CryptoError.openSSL("X25519 public key")
            }
            publicKey = pub
        }

        /// The 32 raw private bytes (for writing an identity file).
        public var rawRepresentation: SecretBytes {
            var raw = [UInt8](repeating: 0, count: keyLength)
            var length = keyLength
            precondition(EVP_PKEY_get_raw_private_key(key.pointer, &raw, &length) == 1)
            defer { Memory.zero(&raw) }
            return SecretBytes(raw)
        }

        /// The shared secret with a peer's public key; rejects an all-zero result (low-order point).
        public func sharedSecret(with peerPublicKey: [UInt8]) throws -> SecretBytes {
            guard peerPublicKey.count == keyLength,
                  let peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nil, peerPublicKey, keyLength) else {
                throw CryptoError(.invalidInput, "X25519 public key must be 32 bytes")
            }
            let peerKey = PKey(takingOwnershipOf: peer)
            let secret = SecretBytes(zeroes: keyLength)
            try key.withContext { ctx in
                var length = keyLength
                let ok = secret.withUnsafeMutableBytes { out in
                    EVP_PKEY_derive_init(ctx) == 1 && EVP_PKEY_derive_set_peer(ctx, peerKey.pointer) == 1
                        && EVP_PKEY_derive(ctx, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length) == 1
                }
                guard ok else { throw CryptoError.openSSL("X25519") }
            }
            let allZero = secret.withUnsafeBytes { $0.allSatisfy { $0 == 0 } }
            guard !allZero else { throw CryptoError(.invalidInput, "X25519 shared secret is zero (low-order public key)") }
            return secret
        }
    }
}
