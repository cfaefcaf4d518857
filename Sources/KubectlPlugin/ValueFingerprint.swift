import Crypto
import TextEncoding

/// `kubectl secrets diff --fingerprint`: a short keyed fingerprint of a value, so two clusters or
/// revisions can be compared without showing the value.
///
/// HMAC-SHA-256 under a key derived from a file's data key (`SecretEngine.fingerprintKey`), over
/// the value's path and the value, truncated to 8 hex digits. Keyed, unlike a plain hash: without
/// the key nobody can test guesses of a low-entropy value against it. The path keeps two keys
/// holding one value from showing the same fingerprint.
struct ValueFingerprint: Sendable {
    /// Hex digits shown (32 bits: enough to tell values apart at a glance, too few to matter).
    static let digits = 8

    let key: SecretBytes

    /// The fingerprint of `value` (as diff renders it) at `path` (such as `data.password`).
    func callAsFunction(path: String, value: String) -> String {
        let message = Array(path.utf8) + [0] + Array(value.utf8)
        return String(Hex.encode(HMAC.sha256(key: key, data: message)).prefix(Self.digits))
    }
}
