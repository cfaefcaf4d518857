import Crypto

/// Shamir shares of the data key across key groups (spec/sops-format.md §7.10).
enum DataKeyShares {
    static func split(_ key: SecretBytes, parts: Int, threshold: Int) throws(SopsError) -> [SecretBytes] {
        throw SopsError(.unsupported, "Shamir key groups are not available in this build yet")
    }

    static func combine(_ shares: [SecretBytes]) throws(SopsError) -> SecretBytes {
        throw SopsError(.unsupported, "Shamir key groups are not available in this build yet")
    }
}
