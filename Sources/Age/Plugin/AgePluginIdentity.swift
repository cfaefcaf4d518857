import Crypto

/// An identity served by a plugin: `AGE-PLUGIN-<NAME>-1…`, used through
/// `age-plugin-<name> --age-plugin=identity-v1`. The string may hold key material, so it is kept as
/// secret bytes and never printed; messages name where it was found.
public struct AgePluginIdentity: Sendable {
    let name: String
    let encoding: SecretBytes
    /// Where the identity was found (`SOPS_AGE_KEY_FILE file …`), for messages.
    let source: String

    /// Parses one `AGE-PLUGIN-<NAME>-1…` word found in `source`. Errors never repeat it.
    public init(_ word: [UInt8], source: String) throws(AgeError) {
        let hrp: String
        do {
            var decoded = try Bech32.decode(word)
            Memory.zero(&decoded.data)
            hrp = decoded.hrp
        } catch {
            throw AgeError(.malformed, "malformed plugin identity: \(error.description)")
        }
        let name = hrp.dropFirst("AGE-PLUGIN-".count).dropLast().lowercased()
        guard hrp.hasPrefix("AGE-PLUGIN-"), hrp.hasSuffix("-"), AgePluginClient.isValidName(name) else {
            throw AgeError(.malformed, "malformed plugin identity: invalid plugin name")
        }
        self.name = name
        encoding = SecretBytes(word)
        self.source = source
    }

    /// The file key one of `identities` (all for the same plugin) opens from `stanzas`, or nil when
    /// none is for them (identity-v1: add-identity each, recipient-stanza each, done).
    static func unwrap(_ stanzas: [AgeStanza], with identities: [AgePluginIdentity],
                       environment: [String: String]) async throws(AgeError) -> SecretBytes? {
        guard let first = identities.first else { return nil }
        var phase1 = [UInt8]()
        defer { Memory.zero(&phase1) }
        for identity in identities {
            phase1 += AgeFormat.stanzaPrefix + Array("add-identity ".utf8)
            identity.encoding.withUnsafeBytes { phase1 += $0 }
            phase1 += [0x0A, 0x0A]
        }
        for stanza in stanzas {
            AgeFormat.encode(AgeStanza(type: "recipient-stanza", arguments: ["0", stanza.type] + stanza.arguments, body: stanza.body),
                             into: &phase1)
        }
        AgeFormat.encode(AgeStanza(type: "done", arguments: [], body: []), into: &phase1)
        let sources = Set(identities.map(\.source)).sorted().joined(separator: ", ")
        let client = AgePluginClient(name: first.name, environment: environment, subject: "the plugin identity in \(sources)")
        var fileKey: SecretBytes?
        try await client.run("identity-v1", phase1: phase1) { command throws(AgeError) in
            guard command.type == "file-key" else { return false }
            // One file's stanzas were sent, so its index is 0.
            guard command.arguments == ["0"], command.body.count == Age.fileKeyLength else {
                throw AgeError(.failed, "sent a malformed file-key command")
            }
            guard fileKey == nil else { throw AgeError(.failed, "sent a second file key") }
            fileKey = SecretBytes(command.body)
            return true
        }
        return fileKey
    }

    /// Identities grouped by plugin, in order of first appearance: one plugin run per group.
    static func byPlugin(_ identities: [AgePluginIdentity]) -> [[AgePluginIdentity]] {
        var order = [String]()
        var groups = [String: [AgePluginIdentity]]()
        for identity in identities {
            if groups[identity.name] == nil { order.append(identity.name) }
            groups[identity.name, default: []].append(identity)
        }
        return order.map { groups[$0]! }
    }
}
