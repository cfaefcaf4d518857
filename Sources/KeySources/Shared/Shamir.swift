public import Crypto

/// Shamir secret sharing across key groups, as sops does it (§7.10): over GF(2^8) with the AES
/// polynomial 0x11B, each secret byte split independently; a share is the evaluated bytes followed
/// by one byte holding x, and share g (0-based group index) is evaluated at x = g + 1.
public enum Shamir {
    /// One share per group (`parts` of them), any `threshold` of which give back `secret`.
    public static func split(_ secret: SecretBytes, parts: Int, threshold: Int) throws(KeySourceError) -> [SecretBytes] {
        try split(secret, parts: parts, threshold: threshold) { coefficients in
            let random = SecureRandom.secret(coefficients.count)
            random.withUnsafeBytes { bytes in
                for (offset, byte) in bytes.enumerated() { coefficients[coefficients.startIndex + offset] = byte }
            }
        }
    }

    /// `split` with the coefficients supplied: `fill` writes a₁…aₜ₋₁ for the next secret byte
    /// (random in production, fixed in the §11.4 vectors).
    static func split(_ secret: SecretBytes, parts: Int, threshold: Int,
                      coefficients fill: (inout ArraySlice<UInt8>) -> Void) throws(KeySourceError) -> [SecretBytes] {
        guard (2...255).contains(parts), (2...parts).contains(threshold) else {
            throw error("need 2 ≤ threshold ≤ parts ≤ 255 (threshold \(threshold), parts \(parts))")
        }
        guard !secret.isEmpty else { throw error("cannot split an empty secret") }
        var bytes = secret.unsafeArray()
        defer { Memory.zero(&bytes) }
        var shares = (1...parts).map { x in [UInt8](repeating: 0, count: bytes.count) + [UInt8(x)] }
        defer { for i in shares.indices { Memory.zero(&shares[i]) } }
        for (index, byte) in bytes.enumerated() {
            var polynomial = [UInt8](repeating: 0, count: threshold)
            defer { Memory.zero(&polynomial) }
            polynomial[0] = byte
            fill(&polynomial[1...])
            for part in 0..<parts { shares[part][index] = evaluate(polynomial, at: UInt8(part + 1)) }
        }
        return shares.map { SecretBytes($0) }
    }

    /// The secret from two or more shares with distinct x (Lagrange interpolation at x = 0).
    /// Fewer shares than the threshold used to split give a wrong secret, not an error: the
    /// caller counts groups first, as sops does.
    public static func combine(_ shares: [SecretBytes]) throws(KeySourceError) -> SecretBytes {
        guard shares.count >= 2 else { throw error("at least 2 shares are needed, got \(shares.count)") }
        var arrays = shares.map { $0.unsafeArray() }
        defer { for i in arrays.indices { Memory.zero(&arrays[i]) } }
        let length = arrays[0].count
        guard length >= 2, arrays.allSatisfy({ $0.count == length }) else { throw error("shares have different or too short lengths") }
        let xs = arrays.map { $0[length - 1] }
        guard !xs.contains(0), Set(xs).count == xs.count else { throw error("shares have a zero or duplicate x coordinate") }
        // Lagrange basis at 0: ℓᵢ(0) = Πⱼ≠ᵢ xⱼ / (xⱼ − xᵢ); subtraction is XOR in GF(2^8).
        let basis = xs.indices.map { i in
            xs.indices.reduce(UInt8(1)) { product, j in
                j == i ? product : multiply(product, multiply(xs[j], inverse(xs[j] ^ xs[i])))
            }
        }
        var secret = [UInt8](repeating: 0, count: length - 1)
        defer { Memory.zero(&secret) }
        for index in 0..<(length - 1) {
            secret[index] = arrays.indices.reduce(0) { sum, i in sum ^ multiply(arrays[i][index], basis[i]) }
        }
        return SecretBytes(secret)
    }

    /// Horner's rule: coefficients from the constant term up.
    private static func evaluate(_ polynomial: [UInt8], at x: UInt8) -> UInt8 {
        polynomial.reversed().reduce(0) { result, coefficient in multiply(result, x) ^ coefficient }
    }

    /// Carry-less multiplication modulo x⁸ + x⁴ + x³ + x + 1, without data-dependent branches.
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var a = a, b = b, product: UInt8 = 0
        for _ in 0..<8 {
            product ^= a & (0 &- (b & 1))
            let carry = 0 &- (a >> 7)
            a = (a << 1) ^ (0x1B & carry)
            b >>= 1
        }
        return product
    }

    /// a⁻¹ = a²⁵⁴ (a ≠ 0).
    static func inverse(_ a: UInt8) -> UInt8 {
        var result: UInt8 = 1, base = a, exponent = 254
        while exponent > 0 {
            if exponent & 1 == 1 { result = multiply(result, base) }
            base = multiply(base, base)
            exponent >>= 1
        }
        return result
    }

    private static func error(_ message: String) -> KeySourceError {
        KeySourceError(.invalidKey, key: "", "Shamir secret sharing: \(message)")
    }
}
