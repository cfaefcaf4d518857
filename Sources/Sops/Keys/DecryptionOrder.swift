import KeySources

/// The order in which a group's master keys are tried (spec/sops-format.md §7.9): a stable sort by
/// the position of the key type in `SOPS_DECRYPTION_ORDER` (default `age,pgp`); other types keep
/// their in-group order after those.
struct DecryptionOrder: Sendable, Equatable {
    var types: [MasterKeyType]

    static let `default` = DecryptionOrder(types: [.age, .pgp])

    init(types: [MasterKeyType]) { self.types = types }

    /// From `SOPS_DECRYPTION_ORDER` in `environment`, else the default.
    init(environment: [String: String]) throws(SopsError) {
        guard let text = environment["SOPS_DECRYPTION_ORDER"], !text.isEmpty else { self = .default; return }
        var types: [MasterKeyType] = []
        for name in text.split(separator: ",").map({ $0.trimmingSpaces }) where !name.isEmpty {
            guard let type = MasterKeyType(rawValue: name) else {
                throw SopsError(.config, "SOPS_DECRYPTION_ORDER: unknown key type '\(name)'",
                                hint: "use age, pgp, kms, gcp_kms, azure_kv, hc_vault or hckms")
            }
            guard !types.contains(type) else { throw SopsError(.config, "SOPS_DECRYPTION_ORDER: duplicate key type '\(name)'") }
            types.append(type)
        }
        self.types = types
    }

    func sorted(_ keys: [MasterKey]) -> [MasterKey] {
        keys.enumerated().sorted { a, b in
            let ra = types.firstIndex(of: a.element.type) ?? types.count
            let rb = types.firstIndex(of: b.element.type) ?? types.count
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
