internal import COpenSSL

/// An X.509 certificate read from PEM, for what sealing needs of it: its RSA public key and
/// whether it is still valid (kubeseal refuses expired certificates).
public struct X509Certificate: Sendable {
    private let backing: Backing

    /// The first certificate of a PEM text.
    public init(pem: String) throws {
        let bio = try MemoryBIO(Array(pem.utf8))
        guard let certificate = PEM_read_bio_X509(bio.pointer, nil, nil, nil) else {
            ERR_clear_error()
            throw CryptoError(.invalidInput, "not a PEM certificate")
        }
        backing = Backing(takingOwnershipOf: certificate)
    }

    /// The subject's public key, if it is an RSA key.
    public func rsaPublicKey() throws -> RSA.PublicKey {
        guard let key = X509_get_pubkey(backing.pointer) else { throw CryptoError.openSSL("certificate public key") }
        let owned = PKey(takingOwnershipOf: key)
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else {
            throw CryptoError(.invalidInput, "the certificate's key is not an RSA key")
        }
        return RSA.PublicKey(key: owned)
    }

    /// Whether the certificate's validity ended before now.
    public var isExpired: Bool {
        guard let notAfter = X509_get0_notAfter(backing.pointer) else { return true }
        return X509_cmp_current_time(notAfter) < 0
    }

    /// The end of validity as OpenSSL prints it (`Jan  1 00:00:00 2030 GMT`), for messages.
    public var notAfterText: String {
        guard let notAfter = X509_get0_notAfter(backing.pointer), let bio = try? MemoryBIO([]),
              ASN1_TIME_print(bio.pointer, notAfter) == 1 else { return "an unknown date" }
        return String(decoding: bio.contents, as: UTF8.self)
    }

    private final class Backing: @unchecked Sendable {
        let pointer: OpaquePointer
        init(takingOwnershipOf pointer: OpaquePointer) { self.pointer = pointer }
        deinit { X509_free(pointer) }
    }
}
