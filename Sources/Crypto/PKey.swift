internal import COpenSSL

/// Owns one `EVP_PKEY`.
final class PKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(takingOwnershipOf pointer: OpaquePointer) { self.pointer = pointer }
    deinit { EVP_PKEY_free(pointer) }

    /// Runs `body` with a fresh `EVP_PKEY_CTX` for this key, freed afterwards.
    func withContext<R>(_ body: (OpaquePointer) throws -> R) throws -> R {
        guard let ctx = EVP_PKEY_CTX_new(pointer, nil) else { throw CryptoError.openSSL("EVP_PKEY_CTX_new") }
        defer { EVP_PKEY_CTX_free(ctx) }
        return try body(ctx)
    }
}
