internal import COpenSSL

/// RSA keys for OAEP wrapping (Azure Key Vault, Sealed Secrets) and PKCS#1 v1.5 signatures (GCP JWTs).
public enum RSA {
    /// OAEP padding with one hash for both the label digest and MGF1.
    public struct OAEP: Sendable, Equatable {
        let digestName: String
        public static let sha256 = OAEP(digestName: "SHA256")
        public static let sha1 = OAEP(digestName: "SHA1")
    }

    /// A public key, from PEM (SubjectPublicKeyInfo, PKCS#1 or an X.509 certificate).
    public struct PublicKey: Sendable {
        let key: PKey

        public init(pem: String) throws {
            let bio = try MemoryBIO(Array(pem.utf8))
            if let pkey = PEM_read_bio_PUBKEY(bio.pointer, nil, nil, nil) {
                key = PKey(takingOwnershipOf: pkey)
                return
            }
            ERR_clear_error()
            let certBio = try MemoryBIO(Array(pem.utf8))
            if let cert = PEM_read_bio_X509(certBio.pointer, nil, nil, nil) {
                defer { X509_free(cert) }
                guard let pkey = X509_get_pubkey(cert) else { throw CryptoError.openSSL("certificate public key") }
                key = PKey(takingOwnershipOf: pkey)
                return
            }
            ERR_clear_error()
            let rsaBio = try MemoryBIO(Array(pem.utf8))
            guard let pkey = PEM_read_bio_PrivateKey(rsaBio.pointer, nil, nil, nil) ?? nil as OpaquePointer? else {
                ERR_clear_error()
                throw CryptoError(.invalidInput, "not a PEM public key or certificate")
            }
            key = PKey(takingOwnershipOf: pkey)
        }

        init(key: PKey) { self.key = key }

        /// The modulus size in bytes.
        public var byteCount: Int { Int(EVP_PKEY_get_size(key.pointer)) }

        /// SubjectPublicKeyInfo PEM.
        public var pemRepresentation: String {
            get throws {
                let bio = try MemoryBIO([])
                guard PEM_write_bio_PUBKEY(bio.pointer, key.pointer) == 1 else { throw CryptoError.openSSL("write public key") }
                return String(decoding: bio.contents, as: UTF8.self)
            }
        }

        /// RSA-OAEP encryption with an optional label.
        public func encrypt(_ plaintext: SecretBytes, padding: OAEP = .sha256, label: [UInt8] = []) throws -> [UInt8] {
            try key.withContext { ctx in
                guard EVP_PKEY_encrypt_init(ctx) == 1 else { throw CryptoError.openSSL("RSA encrypt init") }
                try configureOAEP(ctx, padding: padding, label: label)
                var length = 0
                return try plaintext.withUnsafeBytes { p -> [UInt8] in
                    let input = p.baseAddress?.assumingMemoryBound(to: UInt8.self)
                    guard EVP_PKEY_encrypt(ctx, nil, &length, input, p.count) == 1 else { throw CryptoError.openSSL("RSA encrypt") }
                    var out = [UInt8](repeating: 0, count: length)
                    guard EVP_PKEY_encrypt(ctx, &out, &length, input, p.count) == 1 else { throw CryptoError.openSSL("RSA encrypt") }
                    return Array(out.prefix(length))
                }
            }
        }

        /// Verifies a PKCS#1 v1.5 SHA-256 signature.
        public func verifySHA256(signature: [UInt8], message: [UInt8]) -> Bool {
            guard let md = EVP_MD_CTX_new() else { return false }
            defer { EVP_MD_CTX_free(md) }
            guard EVP_DigestVerifyInit(md, nil, EVP_sha256(), nil, key.pointer) == 1 else { ERR_clear_error(); return false }
            let ok = EVP_DigestVerify(md, signature, signature.count, message, message.count) == 1
            ERR_clear_error()
            return ok
        }
    }

    /// A private key, from PEM (PKCS#1 or PKCS#8, unencrypted) or freshly generated.
    public struct PrivateKey: Sendable {
        let key: PKey

        public init(pem: String) throws {
            try self.init(pem: SecretBytes(Array(pem.utf8)))
        }

        /// From PEM bytes held as a secret (key files), cleared after reading.
        public init(pem: SecretBytes) throws {
            var bytes = pem.unsafeArray()
            defer { Memory.zero(&bytes) }
            let bio = try MemoryBIO(bytes)
            guard let pkey = PEM_read_bio_PrivateKey(bio.pointer, nil, nil, nil) else {
                ERR_clear_error()
                throw CryptoError(.invalidInput, "not a PEM RSA private key")
            }
            key = PKey(takingOwnershipOf: pkey)
        }

        /// A new key of `bits` bits (public exponent 65537).
        public init(generatingBits bits: Int) throws {
            guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else { throw CryptoError.openSSL("RSA keygen") }
            defer { EVP_PKEY_CTX_free(ctx) }
            var pkey: OpaquePointer?
            guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, Int32(bits)) == 1,
                  EVP_PKEY_keygen(ctx, &pkey) == 1, let pkey else { throw CryptoError.openSSL("RSA keygen") }
            key = PKey(takingOwnershipOf: pkey)
        }

        public var publicKey: PublicKey {
            // Round-trip through DER so the public half does not share the private EVP_PKEY.
            var der: UnsafeMutablePointer<UInt8>?
            let length = i2d_PUBKEY(key.pointer, &der)
            precondition(length > 0, "RSA public key export failed")
            defer { gitsops_openssl_free(der) }
            var cursor = UnsafePointer(der)
            let pub = d2i_PUBKEY(nil, &cursor, Int(length))!
            return PublicKey(key: PKey(takingOwnershipOf: pub))
        }

        /// PKCS#8 PEM (unencrypted).
        public var pemRepresentation: String {
            get throws {
                let bio = try MemoryBIO([])
                guard PEM_write_bio_PrivateKey(bio.pointer, key.pointer, nil, nil, 0, nil, nil) == 1 else {
                    throw CryptoError.openSSL("write private key")
                }
                return String(decoding: bio.contents, as: UTF8.self)
            }
        }

        /// RSA-OAEP decryption with an optional label.
        public func decrypt(_ ciphertext: [UInt8], padding: OAEP = .sha256, label: [UInt8] = []) throws -> SecretBytes {
            try key.withContext { ctx in
                guard EVP_PKEY_decrypt_init(ctx) == 1 else { throw CryptoError.openSSL("RSA decrypt init") }
                try configureOAEP(ctx, padding: padding, label: label)
                var length = 0
                guard EVP_PKEY_decrypt(ctx, nil, &length, ciphertext, ciphertext.count) == 1 else {
                    ERR_clear_error()
                    throw CryptoError(.authenticationFailure, "RSA-OAEP decryption failed")
                }
                var out = [UInt8](repeating: 0, count: length)
                defer { Memory.zero(&out) }
                guard EVP_PKEY_decrypt(ctx, &out, &length, ciphertext, ciphertext.count) == 1 else {
                    ERR_clear_error()
                    throw CryptoError(.authenticationFailure, "RSA-OAEP decryption failed")
                }
                return SecretBytes(out.prefix(length))
            }
        }

        /// A PKCS#1 v1.5 signature over SHA-256(message) (JWT `RS256`).
        public func signSHA256(_ message: [UInt8]) throws -> [UInt8] {
            guard let md = EVP_MD_CTX_new() else { throw CryptoError.openSSL("sign") }
            defer { EVP_MD_CTX_free(md) }
            guard EVP_DigestSignInit(md, nil, EVP_sha256(), nil, key.pointer) == 1 else { throw CryptoError.openSSL("sign init") }
            var length = 0
            guard EVP_DigestSign(md, nil, &length, message, message.count) == 1 else { throw CryptoError.openSSL("sign") }
            var out = [UInt8](repeating: 0, count: length)
            guard EVP_DigestSign(md, &out, &length, message, message.count) == 1 else { throw CryptoError.openSSL("sign") }
            return Array(out.prefix(length))
        }
    }
}

private func configureOAEP(_ ctx: OpaquePointer, padding: RSA.OAEP, label: [UInt8]) throws {
    guard EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1,
          EVP_PKEY_CTX_set_rsa_oaep_md_name(ctx, padding.digestName, nil) == 1,
          EVP_PKEY_CTX_set_rsa_mgf1_md_name(ctx, padding.digestName, nil) == 1 else {
        throw CryptoError.openSSL("RSA-OAEP parameters")
    }
    if !label.isEmpty {
        // OpenSSL takes ownership of the label buffer.
        guard let copy = CRYPTO_malloc(label.count, #fileID, #line) else { throw CryptoError.openSSL("RSA-OAEP label") }
        copy.copyMemory(from: label, byteCount: label.count)
        guard EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, copy, Int32(label.count)) == 1 else {
            gitsops_openssl_free(copy)
            throw CryptoError.openSSL("RSA-OAEP label")
        }
    }
}

/// Owns an in-memory `BIO` for PEM reading and writing.
final class MemoryBIO {
    let pointer: OpaquePointer
    private var source: [UInt8]

    init(_ bytes: [UInt8]) throws {
        source = bytes
        guard let bio = BIO_new(BIO_s_mem()) else { throw CryptoError.openSSL("BIO_new") }
        pointer = bio
        if !bytes.isEmpty {
            guard BIO_write(bio, bytes, Int32(bytes.count)) == Int32(bytes.count) else { throw CryptoError.openSSL("BIO_write") }
        }
    }

    deinit {
        BIO_free(pointer)
        Memory.zero(&source)
    }

    /// Everything written to the BIO so far.
    var contents: [UInt8] {
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = BIO_read(pointer, &chunk, Int32(chunk.count))
            if n <= 0 { break }
            out += chunk.prefix(Int(n))
        }
        return out
    }
}
