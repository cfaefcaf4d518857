import Crypto
import KeySources

/// Shamir shares of the data key across key groups (spec/sops-format.md §7.10), through KeySources.
enum DataKeyShares {
    static func split(_ key: SecretBytes, parts: Int, threshold: Int) throws(SopsError) -> [SecretBytes] {
        do {
            return try Shamir.split(key, parts: parts, threshold: threshold)
        } catch {
            throw SopsError(.config, "Could not split the data key: \(error.message)")
        }
    }

    static func combine(_ shares: [SecretBytes]) throws(SopsError) -> SecretBytes {
        let key: SecretBytes
        do {
            key = try Shamir.combine(shares)
        } catch {
            throw SopsError(.dataKey, "Could not combine the Shamir shares: \(error.message)")
        }
        guard key.count == DataKey.length else {
            throw SopsError(.dataKey, "the combined data key has \(key.count) bytes, expected \(DataKey.length)")
        }
        return key
    }
}
