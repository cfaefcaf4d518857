internal import COpenSSL

/// RSA keys from and to their numbers (big-endian, no leading zero needed), for formats that
/// carry them bare, like SSH keys.
extension RSA.PublicKey {
    /// A public key from its modulus and public exponent.
    public init(modulus: [UInt8], exponent: [UInt8]) throws {
        let n = try BigNumber(bigEndian: modulus), e = try BigNumber(bigEndian: exponent)
        self.init(key: try RSAParameters.key([(RSAParameters.n, n), (RSAParameters.e, e)], selection: gitsops_evp_pkey_public_key))
    }

    /// The modulus size in bits.
    public var bitCount: Int { Int(EVP_PKEY_get_bits(key.pointer)) }

    /// The modulus, big-endian, minimal.
    public var modulus: [UInt8] { get throws { try RSAParameters.number(RSAParameters.n, of: key).bigEndian } }

    /// The public exponent, big-endian, minimal.
    public var exponent: [UInt8] { get throws { try RSAParameters.number(RSAParameters.e, of: key).bigEndian } }
}

extension RSA.PrivateKey {
    /// A private key from n, e, d and the primes p and q (the CRT values are derived).
    public init(modulus: [UInt8], publicExponent: [UInt8], privateExponent: SecretBytes,
                prime1: SecretBytes, prime2: SecretBytes) throws {
        let n = try BigNumber(bigEndian: modulus), e = try BigNumber(bigEndian: publicExponent)
        let d = try BigNumber.secret(privateExponent)
        let p = try BigNumber.secret(prime1)
        let q = try BigNumber.secret(prime2)
        let ctx = try BigNumberContext()
        let one = try BigNumber(bigEndian: [1])
        let pMinus1 = try BigNumber.secret(), qMinus1 = try BigNumber.secret()
        let dp = try BigNumber.secret(), dq = try BigNumber.secret(), qInverse = try BigNumber.secret()
        guard !p.isZero, !q.isZero,
              BN_sub(pMinus1.pointer, p.pointer, one.pointer) == 1, BN_sub(qMinus1.pointer, q.pointer, one.pointer) == 1,
              BN_div(nil, dp.pointer, d.pointer, pMinus1.pointer, ctx.pointer) == 1,
              BN_div(nil, dq.pointer, d.pointer, qMinus1.pointer, ctx.pointer) == 1,
              BN_mod_inverse(qInverse.pointer, q.pointer, p.pointer, ctx.pointer) != nil else {
            ERR_clear_error()
            throw CryptoError(.invalidInput, "inconsistent RSA private key")
        }
        let key = try RSAParameters.key([
            (RSAParameters.n, n), (RSAParameters.e, e), (RSAParameters.d, d),
            (RSAParameters.factor1, p), (RSAParameters.factor2, q),
            (RSAParameters.exponent1, dp), (RSAParameters.exponent2, dq), (RSAParameters.coefficient1, qInverse),
        ], selection: gitsops_evp_pkey_keypair)
        self.key = key
    }
}

/// `EVP_PKEY_fromdata` for RSA. OSSL_PARAM keeps pointers to the names, so they are C strings
/// made once (the numbered names are concatenated macros Swift does not import). Secret numbers
/// are secure BIGNUMs, which OSSL_PARAM_BLD copies into memory it clears when freed.
private enum RSAParameters {
    nonisolated(unsafe) static let n = make(OSSL_PKEY_PARAM_RSA_N)
    nonisolated(unsafe) static let e = make(OSSL_PKEY_PARAM_RSA_E)
    nonisolated(unsafe) static let d = make(OSSL_PKEY_PARAM_RSA_D)
    nonisolated(unsafe) static let factor1 = make("rsa-factor1")
    nonisolated(unsafe) static let factor2 = make("rsa-factor2")
    nonisolated(unsafe) static let exponent1 = make("rsa-exponent1")
    nonisolated(unsafe) static let exponent2 = make("rsa-exponent2")
    nonisolated(unsafe) static let coefficient1 = make("rsa-coefficient1")

    private static func make(_ name: String) -> UnsafePointer<CChar> { UnsafePointer(strdup(name)!) }

    static func key(_ numbers: [(UnsafePointer<CChar>, BigNumber)], selection: Int32) throws -> PKey {
        guard let builder = OSSL_PARAM_BLD_new() else { throw CryptoError.openSSL("RSA parameters") }
        defer { OSSL_PARAM_BLD_free(builder) }
        for (name, number) in numbers {
            guard OSSL_PARAM_BLD_push_BN(builder, name, number.pointer) == 1 else { throw CryptoError.openSSL("RSA parameters") }
        }
        guard let params = OSSL_PARAM_BLD_to_param(builder) else { throw CryptoError.openSSL("RSA parameters") }
        defer { OSSL_PARAM_free(params) }
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else { throw CryptoError.openSSL("RSA context") }
        defer { EVP_PKEY_CTX_free(ctx) }
        var pkey: OpaquePointer?
        guard EVP_PKEY_fromdata_init(ctx) == 1, EVP_PKEY_fromdata(ctx, &pkey, selection, params) == 1, let pkey else {
            ERR_clear_error()
            throw CryptoError(.invalidInput, "invalid RSA key")
        }
        return PKey(takingOwnershipOf: pkey)
    }

    static func number(_ name: UnsafePointer<CChar>, of key: PKey) throws -> BigNumber {
        var bn: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key.pointer, name, &bn) == 1, let bn else { throw CryptoError.openSSL("RSA parameter") }
        return BigNumber(takingOwnershipOf: bn)
    }
}
