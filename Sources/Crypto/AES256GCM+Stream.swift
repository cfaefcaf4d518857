internal import COpenSSL

extension AES256GCM {
    /// AES-256-GCM over input given in pieces (large values sealed or opened chunk by chunk, so the
    /// whole ciphertext and plaintext never sit in memory at once). Output has the input's length.
    ///
    /// Opening releases plaintext before the tag is checked: callers must not let it persist until
    /// `finish(expectedTag:)` succeeded.
    public final class Stream {
        private let ctx: OpaquePointer
        private let encrypting: Bool

        /// Starts a seal (`encrypting`) or open with `key`, `iv` and `aad`.
        public init(encrypting: Bool, key: SecretBytes, iv: [UInt8], authenticating aad: [UInt8]) throws {
            guard key.count == keyLength else { throw CryptoError(.invalidInput, "AES-256-GCM key must be 32 bytes") }
            guard !iv.isEmpty, iv.count <= 128 else { throw CryptoError(.invalidInput, "AES-GCM IV must be 1 to 128 bytes") }
            guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError.openSSL("EVP_CIPHER_CTX_new") }
            self.ctx = ctx
            self.encrypting = encrypting
            let enc: Int32 = encrypting ? 1 : 0
            guard EVP_CipherInit_ex(ctx, Algorithms.aes256GCM, nil, nil, nil, enc) == 1,
                  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, Int32(iv.count), nil) == 1 else {
                throw CryptoError.openSSL("cipher init")
            }
            let keyed = key.withUnsafeBytes { k in
                EVP_CipherInit_ex(ctx, nil, nil, k.baseAddress?.assumingMemoryBound(to: UInt8.self), iv, enc)
            }
            guard keyed == 1 else { throw CryptoError.openSSL("cipher key") }
            var outLength: Int32 = 0
            if !aad.isEmpty, EVP_CipherUpdate(ctx, nil, &outLength, aad, Int32(aad.count)) != 1 {
                throw CryptoError.openSSL("aad")
            }
        }

        deinit { EVP_CIPHER_CTX_free(ctx) }

        /// Transforms `input` into `output` (at least `input.count` bytes); returns the bytes written.
        public func update(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws -> Int {
            guard input.count > 0 else { return 0 }
            precondition(output.count >= input.count, "AES-GCM output buffer too small")
            var outLength: Int32 = 0
            let updated = EVP_CipherUpdate(ctx, output.baseAddress?.assumingMemoryBound(to: UInt8.self), &outLength,
                                           input.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(input.count))
            guard updated == 1 else { throw CryptoError.openSSL("cipher update") }
            return Int(outLength)
        }

        /// Ends a seal; returns the 16-byte tag.
        public func finish() throws -> [UInt8] {
            precondition(encrypting, "finish() ends a seal; use finish(expectedTag:) to end an open")
            var outLength: Int32 = 0
            var scratch = [UInt8](repeating: 0, count: 16)
            guard EVP_CipherFinal_ex(ctx, &scratch, &outLength) == 1 else { throw CryptoError.openSSL("cipher final") }
            var tag = [UInt8](repeating: 0, count: tagLength)
            guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, Int32(tagLength), &tag) == 1 else {
                throw CryptoError.openSSL("get tag")
            }
            return tag
        }

        /// Ends an open: a wrong key, changed data or `expectedTag` throws `.authenticationFailure`.
        public func finish(expectedTag: [UInt8]) throws {
            precondition(!encrypting, "finish(expectedTag:) ends an open")
            var expected = expectedTag
            guard expected.count == tagLength,
                  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, Int32(tagLength), &expected) == 1 else {
                throw CryptoError(.invalidInput, "authentication tag has the wrong length")
            }
            var outLength: Int32 = 0
            var scratch = [UInt8](repeating: 0, count: 16)
            guard EVP_CipherFinal_ex(ctx, &scratch, &outLength) == 1 else {
                ERR_clear_error()
                throw CryptoError(.authenticationFailure, "message authentication failed")
            }
        }
    }
}
