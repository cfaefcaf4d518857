internal import COpenSSL

/// HKDF-SHA-256 (RFC 5869), as age derives wrap and payload keys.
public enum HKDF {
    public static func sha256(inputKey: SecretBytes, salt: [UInt8], info: [UInt8], outputCount: Int) throws -> SecretBytes {
        try runKDF(Algorithms.hkdf, name: "HKDF", outputCount: outputCount) { params in
            var digest = Array("SHA256".utf8CString)
            return try inputKey.withUnsafeBytes { ikm in
                var salt = salt, info = info
                return try digest.withUnsafeMutableBufferPointer { d in
                    try salt.withUnsafeMutableBytes { s in
                        try info.withUnsafeMutableBytes { i in
                            var list = [
                                OSSL_PARAM_construct_utf8_string(ParamName.digest, d.baseAddress, 0),
                                OSSL_PARAM_construct_octet_string(ParamName.key, UnsafeMutableRawPointer(mutating: ikm.baseAddress), ikm.count),
                                OSSL_PARAM_construct_octet_string(ParamName.salt, s.baseAddress, s.count),
                                OSSL_PARAM_construct_octet_string(ParamName.info, i.baseAddress, i.count),
                                OSSL_PARAM_construct_end(),
                            ]
                            return try params(&list)
                        }
                    }
                }
            }
        }
    }
}

/// scrypt (RFC 7914), as age's passphrase recipients use it (r = 8, p = 1).
public enum Scrypt {
    /// age refuses work factors above 2^22 elsewhere; callers enforce their own bound.
    public static func derive(password: SecretBytes, salt: [UInt8], logN: Int, r: Int = 8, p: Int = 1,
                              outputCount: Int) throws -> SecretBytes {
        guard logN > 0, logN < 64 else { throw CryptoError(.invalidInput, "scrypt work factor out of range") }
        return try runKDF(Algorithms.scrypt, name: "SCRYPT", outputCount: outputCount) { params in
            try password.withUnsafeBytes { pw in
                var salt = salt
                var n = UInt64(1) << UInt64(logN), rr = UInt32(r), pp = UInt32(p)
                var maxMem = UInt64(1) << 33
                return try salt.withUnsafeMutableBytes { s in
                    var list = [
                        OSSL_PARAM_construct_octet_string(ParamName.password, UnsafeMutableRawPointer(mutating: pw.baseAddress), pw.count),
                        OSSL_PARAM_construct_octet_string(ParamName.salt, s.baseAddress, s.count),
                        OSSL_PARAM_construct_uint64(ParamName.scryptN, &n),
                        OSSL_PARAM_construct_uint32(ParamName.scryptR, &rr),
                        OSSL_PARAM_construct_uint32(ParamName.scryptP, &pp),
                        OSSL_PARAM_construct_uint64(ParamName.scryptMaxMem, &maxMem),
                        OSSL_PARAM_construct_end(),
                    ]
                    return try params(&list)
                }
            }
        }
    }
}

/// Runs an OpenSSL KDF (fetched once, `name` for errors) with the parameters the closure builds.
private func runKDF(_ kdf: OpaquePointer?, name: String, outputCount: Int,
                    _ withParams: ((inout [OSSL_PARAM]) throws -> Int32) throws -> Int32) throws -> SecretBytes {
    guard let kdf else { throw CryptoError.openSSL("\(name) fetch") }
    guard let ctx = EVP_KDF_CTX_new(kdf) else { throw CryptoError.openSSL("\(name) context") }
    defer { EVP_KDF_CTX_free(ctx) }
    let out = SecretBytes(zeroes: outputCount)
    let rc = try withParams { params in
        out.withUnsafeMutableBytes { o in
            EVP_KDF_derive(ctx, o.baseAddress?.assumingMemoryBound(to: UInt8.self), o.count, &params)
        }
    }
    guard rc == 1 else { throw CryptoError.openSSL(name) }
    return out
}

/// OSSL_PARAM keeps the key pointer, so parameter names must outlive the call: C strings made once.
private enum ParamName {
    nonisolated(unsafe) static let digest = make(OSSL_KDF_PARAM_DIGEST)
    nonisolated(unsafe) static let key = make(OSSL_KDF_PARAM_KEY)
    nonisolated(unsafe) static let salt = make(OSSL_KDF_PARAM_SALT)
    nonisolated(unsafe) static let info = make(OSSL_KDF_PARAM_INFO)
    nonisolated(unsafe) static let password = make(OSSL_KDF_PARAM_PASSWORD)
    nonisolated(unsafe) static let scryptN = make(OSSL_KDF_PARAM_SCRYPT_N)
    nonisolated(unsafe) static let scryptR = make(OSSL_KDF_PARAM_SCRYPT_R)
    nonisolated(unsafe) static let scryptP = make(OSSL_KDF_PARAM_SCRYPT_P)
    nonisolated(unsafe) static let scryptMaxMem = make(OSSL_KDF_PARAM_SCRYPT_MAXMEM)

    private static func make(_ name: String) -> UnsafePointer<CChar> { UnsafePointer(strdup(name)!) }
}
