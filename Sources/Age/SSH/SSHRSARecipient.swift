import Crypto

/// An age `ssh-rsa` recipient (filippo.io/age/agessh): the file key under RSA-OAEP-SHA-256 with
/// age's label.
struct SSHRSARecipient: AgeRecipient {
    static let stanzaType = SSHPublicKey.rsaType
    static let label = Array("age-encryption.org/v1/ssh-rsa".utf8)

    let sshKey: SSHPublicKey
    let publicKey: RSA.PublicKey

    func wrap(_ fileKey: SecretBytes) throws(AgeError) -> AgeStanza {
        let body = try crypt { () throws in try publicKey.encrypt(fileKey, padding: .sha256, label: Self.label) }
        return AgeStanza(type: Self.stanzaType, arguments: [sshKey.tag], body: body)
    }
}

/// An age `ssh-rsa` identity.
struct SSHRSAIdentity: AgeIdentity {
    let sshKey: SSHPublicKey
    private let privateKey: RSA.PrivateKey

    init(_ sshKey: SSHPublicKey, privateKey: RSA.PrivateKey) {
        self.sshKey = sshKey
        self.privateKey = privateKey
    }

    func isIdentity(for recipient: String) -> Bool { sshKey.isNamed(by: recipient) }

    func unwrap(_ stanza: AgeStanza) throws(AgeError) -> SecretBytes {
        guard stanza.type == SSHRSARecipient.stanzaType else { throw AgeError(.incorrectIdentity, "not an ssh-rsa stanza") }
        guard stanza.arguments.count == 1 else { throw AgeError(.malformed, "invalid ssh-rsa stanza") }
        guard stanza.arguments[0] == sshKey.tag else { throw AgeError(.incorrectIdentity, "ssh-rsa stanza is for another key") }
        // Like age: the tag matched, so a failure here is a damaged stanza, not another key's.
        let fileKey: SecretBytes
        do {
            fileKey = try privateKey.decrypt(stanza.body, padding: .sha256, label: SSHRSARecipient.label)
        } catch {
            throw AgeError(.failed, "ssh-rsa stanza: failed to decrypt file key")
        }
        guard fileKey.count == Age.fileKeyLength else { throw AgeError(.failed, "ssh-rsa stanza: wrapped file key has the wrong length") }
        return fileKey
    }
}

extension SSHPublicKey {
    /// The age recipient for this key (agessh's `NewEd25519Recipient`, `NewRSARecipient`).
    public func recipient() throws(SSHKeyError) -> any AgeRecipient {
        switch key {
        case .ed25519(let edwards): try SSHEd25519Recipient(self, edwards: edwards)
        case .rsa(let rsa): SSHRSARecipient(sshKey: self, publicKey: rsa)
        }
    }
}
