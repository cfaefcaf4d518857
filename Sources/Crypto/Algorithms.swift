internal import COpenSSL

/// OpenSSL implementations fetched once per process. OpenSSL 3 resolves a legacy getter such as
/// `EVP_aes_256_gcm()` or a name in its provider store on every init, which costs more than sealing
/// one short sops value; fetched objects are immutable and shared safely between threads.
enum Algorithms {
    nonisolated(unsafe) static let aes256GCM: OpaquePointer = EVP_CIPHER_fetch(nil, "AES-256-GCM", nil) ?? EVP_aes_256_gcm()
    nonisolated(unsafe) static let chaCha20Poly1305: OpaquePointer = EVP_CIPHER_fetch(nil, "ChaCha20-Poly1305", nil) ?? EVP_chacha20_poly1305()
    nonisolated(unsafe) static let sha1 = EVP_MD_fetch(nil, "SHA1", nil) ?? EVP_sha1()
    nonisolated(unsafe) static let sha256 = EVP_MD_fetch(nil, "SHA2-256", nil) ?? EVP_sha256()
    nonisolated(unsafe) static let sha512 = EVP_MD_fetch(nil, "SHA2-512", nil) ?? EVP_sha512()
    nonisolated(unsafe) static let hkdf = EVP_KDF_fetch(nil, "HKDF", nil)
    nonisolated(unsafe) static let scrypt = EVP_KDF_fetch(nil, "SCRYPT", nil)
}
