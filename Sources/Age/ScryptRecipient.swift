import Crypto
import TextEncoding

/// An age passphrase recipient (age-encryption.org/v1, "scrypt"): the file key is wrapped under
/// scrypt(passphrase). It must be a file's only recipient, so nobody else can open it unnoticed.
struct ScryptRecipient: AgeRecipient {
    static let stanzaType = "scrypt"
    static let label = Array("age-encryption.org/v1/scrypt".utf8)
    static let saltLength = 16
    /// age's default: 2^18 iterations, about a second on a laptop.
    static let defaultWorkFactor = 18

    let passphrase: SecretBytes
    let workFactor: Int

    init(passphrase: SecretBytes, workFactor: Int = defaultWorkFactor) throws(AgeError) {
        guard (1...ScryptIdentity.defaultMaxWorkFactor).contains(workFactor) else {
            throw AgeError(.failed, "scrypt work factor must be between 1 and \(ScryptIdentity.defaultMaxWorkFactor)")
        }
        self.passphrase = passphrase
        self.workFactor = workFactor
    }

    var mustBeOnlyRecipient: Bool { true }

    func wrap(_ fileKey: SecretBytes) throws(AgeError) -> AgeStanza {
        let salt = SecureRandom.bytes(Self.saltLength)
        let wrapKey = try Self.wrapKey(passphrase: passphrase, salt: salt, workFactor: workFactor)
        return AgeStanza(type: Self.stanzaType, arguments: [Base64.encode(salt, .raw), String(workFactor)],
                         body: try Age.wrapFileKey(fileKey, wrapKey: wrapKey))
    }

    static func wrapKey(passphrase: SecretBytes, salt: [UInt8], workFactor: Int) throws(AgeError) -> SecretBytes {
        try crypt { () throws in
            try Scrypt.derive(password: passphrase, salt: label + salt, logN: workFactor, outputCount: 32)
        }
    }
}
