import Age
import Crypto

/// `SOPS_AGE_KEY_CMD` (§7.2): a command that prints identities like a `keys.txt`, run with
/// `SOPS_AGE_RECIPIENT` set to the recipient being decrypted. A command that fails is recorded, not
/// thrown: another source may hold the identity, and the failure is named if none does.
extension AgeIdentitySources {
    static let keyCommandVariable = "SOPS_AGE_KEY_CMD"
    static let recipientVariable = "SOPS_AGE_RECIPIENT"

    /// What `SOPS_AGE_KEY_CMD` prints for `recipient`; empty when the variable is unset.
    static func fromKeyCommand(environment: [String: String], recipient: String,
                               passphrases: (any AgePassphraseSource)?) async -> AgeIdentitySources {
        guard let line = environment[keyCommandVariable], !line.isEmpty else { return AgeIdentitySources() }
        var commandEnvironment = environment
        commandEnvironment[recipientVariable] = recipient
        let command = SecretCommand(origin: keyCommandVariable, invocation: .words(line), environment: commandEnvironment)
        var sources = AgeIdentitySources()
        do throws(KeySourceError) {
            var output = try await command.run().unsafeArray()
            defer { Memory.zero(&output) }
            try sources.add(output, from: "\(keyCommandVariable) \(command.label)", passphrases: passphrases)
        } catch where error.code == .invalidKey {
            // The parser's message may quote part of a line, and the output is secret.
            return AgeIdentitySources(failures: [command.failure("\(command.label) printed a line that is not an age identity").message])
        } catch {
            return AgeIdentitySources(failures: [error.message])
        }
        guard !sources.identities.isEmpty || !sources.plugins.isEmpty || !sources.skipped.isEmpty else {
            return AgeIdentitySources(failures: [command.failure("\(command.label) printed no identities").message])
        }
        return sources
    }

    /// These sources with `keyCommand`'s identities where sops puts them (before the default `keys.txt`).
    func inserting(keyCommand: AgeIdentitySources) -> AgeIdentitySources {
        var combined = self
        combined.identities.insert(contentsOf: keyCommand.identities, at: keyCommandPosition.identities)
        // Plugins run after every native identity, so only their own order matters.
        combined.plugins = keyCommand.plugins + plugins
        combined.consulted.insert(contentsOf: keyCommand.consulted, at: keyCommandPosition.consulted)
        combined.skipped += keyCommand.skipped
        combined.failures += keyCommand.failures
        return combined
    }
}
