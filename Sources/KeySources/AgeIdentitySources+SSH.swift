import Crypto

/// SSH private keys as age identities, from sops' SSH sources in sops' order (§7.2):
/// `SOPS_AGE_SSH_PRIVATE_KEY_FILE`, `SOPS_AGE_SSH_PRIVATE_KEY_CMD` (refused), `~/.ssh/id_ed25519`,
/// `~/.ssh/id_rsa`.
extension AgeIdentitySources {
    static let sshKeyFileVariable = "SOPS_AGE_SSH_PRIVATE_KEY_FILE"
    static let sshKeyCommandVariable = "SOPS_AGE_SSH_PRIVATE_KEY_CMD"
    /// SSH private keys are a few KiB; anything far larger is not one.
    static let sshKeySizeLimit = 1 << 20

    /// A key named by the environment must load; a default key that is missing is skipped, and one
    /// that cannot be used (passphrase, other key type) is set aside and named if nothing matches.
    mutating func addSSHKeys(environment: [String: String]) throws(KeySourceError) {
        if let path = environment[Self.sshKeyFileVariable], !path.isEmpty {
            try addSSHKey(path, from: "\(Self.sshKeyFileVariable) file \(path)", required: true)
        }
        if let command = environment[Self.sshKeyCommandVariable], !command.isEmpty {
            throw KeySourceError(.unsupported, key: "", "\(Self.sshKeyCommandVariable) is not supported by gitsops",
                                 hint: "write the key to a file and set \(Self.sshKeyFileVariable) to its path")
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return }
        for name in ["id_ed25519", "id_rsa"] {
            let path = home + "/.ssh/" + name
            try addSSHKey(path, from: path, required: false)
        }
    }

    private mutating func addSSHKey(_ path: String, from source: String, required: Bool) throws(KeySourceError) {
        let contents: SecretBytes
        do {
            contents = try SecretFile.read(path, limit: Self.sshKeySizeLimit)
        } catch .system(.noSuchFileOrDirectory) where !required {
            return
        } catch .system(let errno) {
            throw KeySourceError(.credentials, key: "", "cannot read the SSH key \(source): \(errno)")
        } catch {
            throw KeySourceError(.credentials, key: "", "cannot read the SSH key \(source): larger than 1 MiB")
        }
        consulted.append(source)
        var bytes = contents.unsafeArray()
        defer { Memory.zero(&bytes) }
        do {
            identities.append(try SSHPrivateKeyFile.identity(from: bytes))
        } catch {
            let reason = switch error {
            case .passphraseProtected: "is protected by a passphrase, which gitsops cannot use"
            case .malformed(let why): "is not a usable SSH private key (\(why))"
            }
            guard !required else {
                throw KeySourceError(.invalidKey, key: "", "the SSH key \(source) \(reason)",
                                     hint: "age and sops accept ssh-ed25519 and ssh-rsa keys; use an unencrypted copy or an age identity")
            }
            skipped.append("\(source), which \(reason)")
        }
    }
}
