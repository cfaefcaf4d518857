public import Crypto
import TextEncoding

/// Opens an age scrypt stanza with a passphrase, refusing work factors above a bound so a hostile
/// file cannot make us spend minutes and gigabytes (age's `SetMaxWorkFactor`).
public struct ScryptIdentity: AgeIdentity {
    /// age's default bound, 2^22 (scrypt then needs 4 GiB of memory with r = 8).
    public static let defaultMaxWorkFactor = 22

    let passphrase: SecretBytes
    var maxWorkFactor: Int

    /// Opens stanzas wrapped under `passphrase` with a work factor up to `maxWorkFactor`.
    public init(passphrase: SecretBytes, maxWorkFactor: Int = defaultMaxWorkFactor) {
        self.passphrase = passphrase
        self.maxWorkFactor = maxWorkFactor
    }

    /// The file key from an scrypt stanza, if the passphrase opens it.
    public func unwrap(_ stanza: AgeStanza) throws(AgeError) -> SecretBytes {
        guard stanza.type == ScryptRecipient.stanzaType else { throw AgeError(.incorrectIdentity, "not an scrypt stanza") }
        guard stanza.arguments.count == 2, let salt = Base64.decode(stanza.arguments[0], .raw),
              salt.count == ScryptRecipient.saltLength else {
            throw AgeError(.malformed, "invalid scrypt stanza")
        }
        let factor = stanza.arguments[1]
        guard factor.count <= 3, factor.first != "0", factor.utf8.allSatisfy({ (48...57).contains($0) }), let workFactor = Int(factor) else {
            throw AgeError(.malformed, "scrypt work factor encoding invalid: \"\(factor)\"")
        }
        guard workFactor <= maxWorkFactor else {
            throw AgeError(.failed, "scrypt work factor too large: \(workFactor) (at most \(maxWorkFactor) accepted)")
        }
        let wrapKey = try ScryptRecipient.wrapKey(passphrase: passphrase, salt: salt, workFactor: workFactor)
        do {
            return try Age.unwrapFileKey(body: stanza.body, wrapKey: wrapKey, stanzaType: ScryptRecipient.stanzaType)
        } catch where error.code == .incorrectIdentity {
            throw AgeError(.incorrectIdentity, "incorrect passphrase")
        }
    }
}
