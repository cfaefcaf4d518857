import Crypto

/// A recipient served by a plugin: `age1<name>1…` (Bech32, HRP `age1<name>`), wrapped by
/// `age-plugin-<name> --age-plugin=recipient-v1`.
public struct AgePluginRecipient: Sendable {
    /// More stanzas than this for one recipient is a plugin misbehaving.
    static let maxStanzas = 16

    let name: String
    let encoding: String

    /// The plugin recipient `string` names, nil when it is not one (`age1…`, `age1pq1…`).
    public static func parse(_ string: String) throws(AgeError) -> AgePluginRecipient? {
        guard string.hasPrefix("age1"), !string.hasPrefix("age1pq1"), string.dropFirst(4).contains("1") else { return nil }
        let hrp: String
        do {
            hrp = try Bech32.decode(Array(string.utf8)).hrp
        } catch {
            throw AgeError(.malformed, "malformed recipient \"\(string)\": \(error.description)")
        }
        let name = String(hrp.dropFirst(4))
        guard hrp.hasPrefix("age1"), AgePluginClient.isValidName(name) else {
            throw AgeError(.malformed, "malformed recipient \"\(string)\": invalid plugin name")
        }
        return AgePluginRecipient(name: name, encoding: string)
    }

    /// The plugin's stanzas for `fileKey` (recipient-v1: add-recipient, wrap-file-key, done).
    func wrap(_ fileKey: SecretBytes, environment: [String: String]) async throws(AgeError) -> [AgeStanza] {
        var phase1 = [UInt8]()
        defer { Memory.zero(&phase1) }
        AgeFormat.encode(AgeStanza(type: "add-recipient", arguments: [encoding], body: []), into: &phase1)
        AgeFormat.encode(AgeStanza(type: "wrap-file-key", arguments: [], body: fileKey.unsafeArray()), into: &phase1)
        AgeFormat.encode(AgeStanza(type: "done", arguments: [], body: []), into: &phase1)
        let client = AgePluginClient(name: name, environment: environment)
        var stanzas = [AgeStanza]()
        try await client.run("recipient-v1", phase1: phase1) { command throws(AgeError) in
            guard command.type == "recipient-stanza" else { return false }
            // One file key was sent, so its index is 0.
            guard command.arguments.count >= 2, command.arguments[0] == "0" else {
                throw AgeError(.failed, "sent a malformed recipient-stanza command")
            }
            guard stanzas.count < Self.maxStanzas else { throw AgeError(.failed, "sent more than \(Self.maxStanzas) stanzas") }
            stanzas.append(AgeStanza(type: command.arguments[1], arguments: Array(command.arguments.dropFirst(2)), body: command.body))
            return true
        }
        guard !stanzas.isEmpty else {
            throw AgeError(.failed, "\(client.executable): returned no recipient stanza")
        }
        return stanzas
    }
}
