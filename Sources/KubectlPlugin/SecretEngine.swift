public import Crypto

/// The SOPS engine as the plugin needs it. The CLI supplies one built on the `Sops` module.
public protocol SecretEngine: Sendable {
    /// Whether `bytes` are a sops document (the working tree is locked for this file).
    func isEncrypted(_ bytes: [UInt8], path: String) -> Bool
    /// The plaintext of the sops document `bytes` (format from `path`'s extension).
    func decrypt(_ bytes: [UInt8], path: String) async throws -> [UInt8]
    /// `plaintext` encrypted for `path` (absolute) per the creation rule `git add` would apply
    /// (`SopsEngine.clean`); with `previous` (the file's current ciphertext), its data key is
    /// reused, unchanged values keep their ciphertext and an unchanged plaintext gives it back.
    func encrypt(_ plaintext: [UInt8], path: String, previous: [UInt8]?) async throws -> [UInt8]
    /// The key `diff --fingerprint` keys value fingerprints with, derived from the data key of
    /// the sops document `bytes` (never the data key itself).
    func fingerprintKey(_ bytes: [UInt8], path: String) async throws -> SecretBytes
}
