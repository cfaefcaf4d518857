import Age
import Crypto

/// SSH private keys as age identities, from sops' SSH sources in sops' order (§7.2):
/// `SOPS_AGE_SSH_PRIVATE_KEY_FILE`, `SOPS_AGE_SSH_PRIVATE_KEY_CMD`, `~/.ssh/id_ed25519`, `~/.ssh/id_rsa`.
extension AgeIdentitySources {
    static let sshKeyFileVariable = "SOPS_AGE_SSH_PRIVATE_KEY_FILE"
    static let sshKeyCommandVariable = "SOPS_AGE_SSH_PRIVATE_KEY_CMD"
    /// SSH private keys are a few KiB; anything far larger is not one.
    static let sshKeySizeLimit = 1 << 20

    /// A key named by the environment must load; a default key that is missing is skipped, and one
    /// that cannot be used (passphrase, other key type) is set aside and named if nothing matches.
    /// `command` is what `fromSSHKeyCommand` made of `SOPS_AGE_SSH_PRIVATE_KEY_CMD`.
    mutating func addSSHKeys(environment: [String: String], command: AgeIdentitySources) throws(KeySourceError) {
        if let path = environment[Self.sshKeyFileVariable], !path.isEmpty {
            try addSSHKey(path, from: "\(Self.sshKeyFileVariable) file \(path)", required: true)
        }
        identities += command.identities
        consulted += command.consulted
        failures += command.failures
        guard let home = environment["HOME"], home.hasPrefix("/") else { return }
        for name in ["id_ed25519", "id_rsa"] {
            let path = home + "/.ssh/" + name
            try addSSHKey(path, from: path, required: false)
        }
    }

    private mutating func addSSHKey(_ path: String, from source: String, required: Bool) throws(KeySourceError) {
        let contents: SecretBytes
        do {
            contents = try IdentityFile.read(path, limit: Self.sshKeySizeLimit)
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
            let reason = Self.reason(error)
            guard !required else {
                throw KeySourceError(.invalidKey, key: "", "the SSH key \(source) \(reason)",
                                     hint: "age and sops accept ssh-ed25519 and ssh-rsa keys; use an unencrypted copy or an age identity")
            }
            skipped.append("\(source), which \(reason)")
        }
    }

    /// The key `SOPS_AGE_SSH_PRIVATE_KEY_CMD` prints, run once per process; empty when the variable is
    /// unset. A failure is recorded, and named if no identity matches.
    static func fromSSHKeyCommand(environment: [String: String]) async -> AgeIdentitySources {
        guard let line = environment[sshKeyCommandVariable], !line.isEmpty else { return AgeIdentitySources() }
        let command = SecretCommand(origin: sshKeyCommandVariable, invocation: .words(line), environment: environment)
        var output: [UInt8]
        do {
            output = try await command.run().unsafeArray()
        } catch {
            return AgeIdentitySources(failures: [error.message])
        }
        defer { Memory.zero(&output) }
        do {
            return AgeIdentitySources(identities: [try SSHPrivateKeyFile.identity(from: output)],
                                      consulted: ["\(sshKeyCommandVariable) \(command.label)"])
        } catch {
            return AgeIdentitySources(failures: [command.failure("the key printed by \(command.label) \(reason(error))").message])
        }
    }

    private static func reason(_ failure: SSHPrivateKeyFile.Failure) -> String {
        switch failure {
        case .passphraseProtected: "is protected by a passphrase, which gitsops cannot use"
        case .malformed(let why): "is not a usable SSH private key (\(why))"
        }
    }
}
