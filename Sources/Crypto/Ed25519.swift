internal import COpenSSL

/// Ed25519 keys reused for X25519 key agreement, as age's `ssh-ed25519` recipients do
/// (filippo.io/age/agessh; https://blog.filippo.io/using-ed25519-keys-for-encryption).
public enum Ed25519 {
    public static let publicKeyLength = 32
    public static let seedLength = 32

    /// The X25519 public key (Montgomery u = (1 + y) / (1 − y) mod 2^255 − 19) of an Ed25519
    /// public key (little-endian y, sign bit of x in the top bit, which is dropped).
    public static func montgomeryPublicKey(_ edwards: [UInt8]) throws -> [UInt8] {
        guard edwards.count == publicKeyLength else { throw CryptoError(.invalidInput, "Ed25519 public key must be 32 bytes") }
        var yBytes = edwards
        yBytes[publicKeyLength - 1] &= 0x7F
        let y = try BigNumber(littleEndian: yBytes)
        let p = try BigNumber(bigEndian: fieldPrime)
        let one = try BigNumber(bigEndian: [1])
        let ctx = try BigNumberContext()
        let numerator = try BigNumber(), denominator = try BigNumber(), inverse = try BigNumber(), u = try BigNumber()
        guard BN_mod_add(numerator.pointer, one.pointer, y.pointer, p.pointer, ctx.pointer) == 1,
              BN_mod_sub(denominator.pointer, one.pointer, y.pointer, p.pointer, ctx.pointer) == 1 else {
            throw CryptoError.openSSL("Ed25519 to X25519")
        }
        guard !denominator.isZero else { throw CryptoError(.invalidInput, "Ed25519 public key has no X25519 equivalent") }
        guard BN_mod_inverse(inverse.pointer, denominator.pointer, p.pointer, ctx.pointer) != nil,
              BN_mod_mul(u.pointer, numerator.pointer, inverse.pointer, p.pointer, ctx.pointer) == 1 else {
            throw CryptoError.openSSL("Ed25519 to X25519")
        }
        return try u.littleEndian(count: X25519.keyLength)
    }

    /// The X25519 private key of an Ed25519 seed: the first half of SHA-512(seed), which X25519
    /// clamps exactly as Ed25519 does.
    public static func x25519PrivateKey(seed: SecretBytes) throws -> X25519.PrivateKey {
        guard seed.count == seedLength else { throw CryptoError(.invalidInput, "Ed25519 seed must be 32 bytes") }
        var digest = seed.withUnsafeBytes { SHA512.hash($0) }
        defer { Memory.zero(&digest) }
        return try X25519.PrivateKey(rawRepresentation: SecretBytes(digest.prefix(X25519.keyLength)))
    }

    /// 2^255 − 19, big-endian.
    private static let fieldPrime: [UInt8] = [0x7F] + [UInt8](repeating: 0xFF, count: 30) + [0xED]
}
