internal import COpenSSL

/// The operating system's CSPRNG, through OpenSSL's `RAND_bytes`.
public enum SecureRandom {
    /// `count` random bytes for IVs, salts and nonces.
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        fill(&out)
        return out
    }

    /// `count` random bytes held as key material.
    public static func secret(_ count: Int) -> SecretBytes {
        let key = SecretBytes(zeroes: count)
        key.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            precondition(RAND_bytes(base.assumingMemoryBound(to: UInt8.self), Int32(buffer.count)) == 1,
                         "the system random number generator failed")
        }
        return key
    }

    private static func fill(_ out: inout [UInt8]) {
        guard !out.isEmpty else { return }
        // A failing CSPRNG is not recoverable: continuing would produce predictable keys.
        precondition(RAND_bytes(&out, Int32(out.count)) == 1, "the system random number generator failed")
    }
}
