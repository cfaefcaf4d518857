import Crypto

/// Supplies passphrases for age scrypt stanzas, such as a passphrase-protected identity file.
/// The CLI implements it with a terminal prompt; scripts and tests pass a fixed passphrase.
public protocol AgePassphraseSource: Sendable {
    /// The passphrase that opens `subject` (an identity file path); throw to decline.
    func passphrase(for subject: String) throws(KeySourceError) -> SecretBytes
}

/// A passphrase known in advance.
public struct AgeFixedPassphrase: AgePassphraseSource {
    private let value: SecretBytes

    public init(_ passphrase: SecretBytes) {
        value = passphrase
    }

    public func passphrase(for subject: String) throws(KeySourceError) -> SecretBytes { value }
}
