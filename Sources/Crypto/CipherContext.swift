internal import COpenSSL

/// Owns one `EVP_CIPHER_CTX` for a single AEAD seal or open.
final class CipherContext {
    private let ctx: OpaquePointer

    init() throws {
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError.openSSL("EVP_CIPHER_CTX_new") }
        self.ctx = ctx
    }

    deinit { EVP_CIPHER_CTX_free(ctx) }

    /// Runs an AEAD cipher over `input`; on open, `tag` is checked and a mismatch throws
    /// `.authenticationFailure`. Returns the output and, on seal, the tag.
    func aead(cipher: OpaquePointer, encrypt: Bool, key: SecretBytes, nonce: [UInt8], aad: [UInt8],
              input: UnsafeRawBufferPointer, tag: [UInt8]?, tagLength: Int) throws -> (output: [UInt8], tag: [UInt8]) {
        let enc: Int32 = encrypt ? 1 : 0
        guard EVP_CipherInit_ex(ctx, cipher, nil, nil, nil, enc) == 1 else { throw CryptoError.openSSL("cipher init") }
        guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, Int32(nonce.count), nil) == 1 else {
            throw CryptoError.openSSL("set nonce length")
        }
        let keyed = key.withUnsafeBytes { k in
            EVP_CipherInit_ex(ctx, nil, nil, k.baseAddress?.assumingMemoryBound(to: UInt8.self), nonce, enc)
        }
        guard keyed == 1 else { throw CryptoError.openSSL("cipher key") }
        var outLength: Int32 = 0
        if !aad.isEmpty {
            guard EVP_CipherUpdate(ctx, nil, &outLength, aad, Int32(aad.count)) == 1 else { throw CryptoError.openSSL("aad") }
        }
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var total = 0
        if input.count > 0 {
            let updated = output.withUnsafeMutableBufferPointer { out in
                EVP_CipherUpdate(ctx, out.baseAddress, &outLength,
                                 input.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(input.count))
            }
            guard updated == 1 else { throw CryptoError.openSSL("cipher update") }
            total = Int(outLength)
        }
        if var expected = tag {
            guard expected.count == tagLength,
                  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, Int32(tagLength), &expected) == 1 else {
                throw CryptoError(.invalidInput, "authentication tag has the wrong length")
            }
        }
        let finished = output.withUnsafeMutableBufferPointer { out in
            EVP_CipherFinal_ex(ctx, out.baseAddress! + total, &outLength)
        }
        guard finished == 1 else {
            ERR_clear_error()
            Memory.zero(&output)
            throw CryptoError(.authenticationFailure, "message authentication failed")
        }
        total += Int(outLength)
        output.removeSubrange(total...)
        var producedTag = [UInt8]()
        if encrypt {
            producedTag = [UInt8](repeating: 0, count: tagLength)
            guard EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, Int32(tagLength), &producedTag) == 1 else {
                throw CryptoError.openSSL("get tag")
            }
        }
        return (output, producedTag)
    }
}
