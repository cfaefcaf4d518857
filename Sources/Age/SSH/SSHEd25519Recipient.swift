import Crypto
import TextEncoding

/// An age `ssh-ed25519` recipient (filippo.io/age/agessh): X25519 to the Ed25519 key's Montgomery
/// form, with the shared secret tweaked by a scalar derived from the SSH public key.
struct SSHEd25519Recipient: AgeRecipient {
    static let stanzaType = SSHPublicKey.ed25519Type
    static let label = Array("age-encryption.org/v1/ssh-ed25519".utf8)

    let sshKey: SSHPublicKey
    let montgomeryKey: [UInt8]

    init(_ sshKey: SSHPublicKey, edwards: [UInt8]) throws(SSHKeyError) {
        self.sshKey = sshKey
        do {
            montgomeryKey = try Ed25519.montgomeryPublicKey(edwards)
        } catch {
            throw SSHKeyError("invalid ssh-ed25519 public key")
        }
    }

    func wrap(_ fileKey: SecretBytes) throws(AgeError) -> AgeStanza {
        let ephemeral = try crypt { () throws in try X25519.PrivateKey() }
        let shared = try crypt { () throws in try ephemeral.sharedSecret(with: montgomeryKey) }
        let wrapKey = try Self.wrapKey(shared: shared, sshKey: sshKey, ephemeralShare: ephemeral.publicKey, recipient: montgomeryKey)
        return AgeStanza(type: Self.stanzaType, arguments: [sshKey.tag, Base64.encode(ephemeral.publicKey, .raw)],
                         body: try Age.wrapFileKey(fileKey, wrapKey: wrapKey))
    }

    /// The shared secret multiplied by the tweak HKDF(no key, salt: blob, info: label), then HKDF over both shares.
    static func wrapKey(shared: SecretBytes, sshKey: SSHPublicKey, ephemeralShare: [UInt8],
                        recipient: [UInt8]) throws(AgeError) -> SecretBytes {
        try crypt { () throws in
            let tweak = try HKDF.sha256(inputKey: SecretBytes([]), salt: sshKey.blob, info: label, outputCount: X25519.keyLength)
            var sharedBytes = shared.unsafeArray()
            defer { Memory.zero(&sharedBytes) }
            let tweaked = try X25519.PrivateKey(rawRepresentation: tweak).sharedSecret(with: sharedBytes)
            return try HKDF.sha256(inputKey: tweaked, salt: ephemeralShare + recipient, info: label, outputCount: 32)
        }
    }
}

/// An age `ssh-ed25519` identity: the X25519 scalar of an Ed25519 private key.
struct SSHEd25519Identity: AgeIdentity {
    let sshKey: SSHPublicKey
    private let privateKey: X25519.PrivateKey

    init(_ sshKey: SSHPublicKey, seed: SecretBytes) throws(SSHKeyError) {
        self.sshKey = sshKey
        do {
            privateKey = try Ed25519.x25519PrivateKey(seed: seed)
        } catch {
            throw SSHKeyError("invalid ssh-ed25519 private key")
        }
    }

    func isIdentity(for recipient: String) -> Bool { sshKey.isNamed(by: recipient) }

    func unwrap(_ stanza: AgeStanza) throws(AgeError) -> SecretBytes {
        guard stanza.type == SSHEd25519Recipient.stanzaType else { throw AgeError(.incorrectIdentity, "not an ssh-ed25519 stanza") }
        guard stanza.arguments.count == 2, let share = Base64.decode(stanza.arguments[1], .raw), share.count == X25519.keyLength else {
            throw AgeError(.malformed, "invalid ssh-ed25519 stanza")
        }
        guard stanza.arguments[0] == sshKey.tag else { throw AgeError(.incorrectIdentity, "ssh-ed25519 stanza is for another key") }
        let shared: SecretBytes
        do {
            shared = try privateKey.sharedSecret(with: share)
        } catch {
            throw AgeError(.malformed, "invalid ssh-ed25519 stanza: low-order ephemeral share")
        }
        let wrapKey = try SSHEd25519Recipient.wrapKey(shared: shared, sshKey: sshKey, ephemeralShare: share,
                                                      recipient: privateKey.publicKey)
        return try Age.unwrapFileKey(body: stanza.body, wrapKey: wrapKey, stanzaType: SSHEd25519Recipient.stanzaType)
    }
}
