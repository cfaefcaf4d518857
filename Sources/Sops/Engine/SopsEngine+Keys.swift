import Crypto
import KeySources

extension SopsEngine {
    /// `updatekeys` (spec §9.3): re-wraps the same data key for the rule's key groups; values,
    /// `lastmodified`, `mac` and the layout stay as they are. Nil when the file already matches.
    public func updateKeys(_ document: [UInt8], format: SopsFormat, rule: CreationRule,
                           stores: StoreSettings = StoreSettings()) async throws(SopsError) -> [UInt8]? {
        let store = DocumentStore(format: format, settings: stores)
        let encrypted = try store.parseEncrypted(document)
        var metadata = encrypted.metadata
        let groupsNow = rule.keyGroups
        let threshold = groupsNow.count > 1 ? min(metadata.shamirThreshold != 0 ? metadata.shamirThreshold : rule.shamirThreshold,
                                                  groupsNow.count) : 0
        let same = metadata.keyGroups.count == groupsNow.count
            && zip(metadata.keyGroups, groupsNow).allSatisfy { Set($0.map(\.identity)) == Set($1.map(\.identity)) }
            && (groupsNow.count < 2 || metadata.effectiveThreshold == (threshold == 0 ? groupsNow.count : threshold))
        if same { return nil }
        let order = try DecryptionOrder(environment: environment)
        let dataKey = try await DataKey.recover(metadata, services: keyServices, order: order, cache: dataKeyCache)
        metadata.keyGroups = try await DataKey.wrap(dataKey, for: groupsNow, threshold: threshold, services: keyServices)
        metadata.shamirThreshold = threshold
        await dataKeyCache.store(dataKey, for: metadata.keyGroups, threshold: threshold)
        return try store.emitEncrypted(encrypted.branches, metadata: metadata)
    }

    /// `rotate` (spec §9.3): a new data key wrapped for the same master keys (their `created_at`
    /// kept), every value re-encrypted, new `lastmodified` and `mac`.
    public func rotate(_ document: [UInt8], format: SopsFormat, verifyMAC: Bool = true,
                       stores: StoreSettings = StoreSettings()) async throws(SopsError) -> [UInt8] {
        var opened = try await OpenedDocument.open(document, format: format, verifyMAC: verifyMAC, engine: self)
        var metadata = opened.metadata
        let dataKey = DataKey.generate()
        let rewrapped = try await DataKey.wrap(dataKey, for: metadata.keyGroups, threshold: metadata.shamirThreshold,
                                               services: keyServices)
        metadata.keyGroups = zip(metadata.keyGroups, rewrapped).map { old, new in
            zip(old, new).map { Self.keepingCreatedAt(of: $0, in: $1) }
        }
        await dataKeyCache.store(dataKey, for: metadata.keyGroups, threshold: metadata.shamirThreshold)
        metadata.lastModified = .now()
        var tree = TreeCipher(selector: try LeafSelector(metadata.selection), macOnlyEncrypted: metadata.macOnlyEncrypted,
                              cipher: ValueCipher(dataKey: dataKey))
        let mac = try tree.encrypt(&opened.branches)
        metadata.mac = try tree.cipher.encrypt(.text(mac), aad: metadata.lastModified.rfc3339Seconds)
        metadata.layout = try opened.layout.map { layout throws(SopsError) in
            try tree.cipher.encrypt(plaintext: layout.serialized(), type: .str, aad: "gitsops_layout:")
        }
        return try DocumentStore(format: format, settings: stores).emitEncrypted(opened.branches, metadata: metadata)
    }

    private static func keepingCreatedAt(of old: MasterKey, in new: MasterKey) -> MasterKey {
        switch (old, new) {
        case (.pgp(let o), .pgp(var n)) where !o.createdAt.isEmpty: n.createdAt = o.createdAt; return .pgp(n)
        case (.awsKMS(let o), .awsKMS(var n)) where !o.createdAt.isEmpty: n.createdAt = o.createdAt; return .awsKMS(n)
        case (.gcpKMS(let o), .gcpKMS(var n)) where !o.createdAt.isEmpty: n.createdAt = o.createdAt; return .gcpKMS(n)
        case (.azureKeyVault(let o), .azureKeyVault(var n)) where !o.createdAt.isEmpty: n.createdAt = o.createdAt; return .azureKeyVault(n)
        case (.vaultTransit(let o), .vaultTransit(var n)) where !o.createdAt.isEmpty: n.createdAt = o.createdAt; return .vaultTransit(n)
        case (.huaweiKMS(let o), .huaweiKMS(var n)) where !o.createdAt.isEmpty: n.createdAt = o.createdAt; return .huaweiKMS(n)
        default: return new
        }
    }
}
