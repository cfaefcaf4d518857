import Crypto
import KeySources

extension SopsEngine {
    /// Encrypts a plaintext file into an ordinary sops document (plus the encrypted layout template).
    ///
    /// With `request.previous` (a sops document that opens here), the previous data key, stanzas and
    /// per-value IVs are reused and an unchanged plaintext returns `previous` verbatim.
    public func encrypt(_ plaintext: [UInt8], _ request: EncryptionRequest) async throws(SopsError) -> [UInt8] {
        do {
            return try await encryptUnlocated(plaintext, request)
        } catch {
            throw error.at(request.path)
        }
    }

    private func encryptUnlocated(_ plaintext: [UInt8], _ request: EncryptionRequest) async throws(SopsError) -> [UInt8] {
        let format = request.resolvedFormat
        // A previous document that does not open (no key here, damaged, half staged by `git add -p`)
        // gives nothing to reuse: the plaintext is encrypted afresh, never refused for it.
        let previous = request.resolvedOutputFormat == format ? await PreviousDocument.open(request.previous, format: format,
                                                                                               stores: request.stores, engine: self) : nil
        if let previous, previous.plaintext == plaintext { return previous.bytes }
        return try await encryptTree(plaintext, request, base: previous?.opened, rule: request.rule).bytes
    }

    /// Encrypts `plaintext` with `base`'s data key, stanzas and IVs (the rule is not used then), or
    /// with a new data key for `rule`; also returns how much of the result is encrypted, counted on
    /// the encrypted tree (what a parse of the output would count).
    func encryptTree(_ plaintext: [UInt8], _ request: EncryptionRequest, base: OpenedDocument?,
                     rule: CreationRule?) async throws(SopsError) -> (bytes: [UInt8], coverage: Coverage) {
        let format = request.resolvedFormat, outputFormat = request.resolvedOutputFormat
        let store = DocumentStore(format: format, settings: request.stores)
        let withLayout = request.recordLayout && format != .binary && outputFormat == format
        var document = try store.parsePlain(plaintext, withLayout: withLayout)
        try Self.checkEncryptable(document.branches, format: format)

        let dataKey: SecretBytes
        var metadata: SopsMetadata
        var ivCache = IVCache()
        if let base {
            dataKey = base.dataKey
            ivCache = base.ivCache
            metadata = base.metadata
            metadata.lastModified = .now()
        } else if let rule {
            dataKey = DataKey.generate()
            metadata = try await newMetadata(dataKey: dataKey, rule: rule, format: format)
        } else {
            throw SopsError(.config, "no creation rule for a new encryption")
        }

        let selector = format == .binary && base == nil ? nil : try LeafSelector(metadata.selection)
        var tree = TreeCipher(selector: selector, macOnlyEncrypted: metadata.macOnlyEncrypted,
                              cipher: ValueCipher(dataKey: dataKey, ivCache: ivCache))
        let mac = try tree.encrypt(&document.branches)
        // The MAC's AAD is the new lastmodified, so its IV is always fresh.
        metadata.mac = try ValueCipher(dataKey: dataKey).encrypt(.text(mac), aad: metadata.lastModified.rfc3339Seconds)
        metadata.layout = try document.layout.map { layout throws(SopsError) in
            try tree.cipher.encrypt(plaintext: layout.serialized(), type: .str, aad: "gitsops_layout:")
        }
        let bytes = try DocumentStore(format: outputFormat, settings: request.stores).emitEncrypted(document.branches, metadata: metadata)
        let coverageSelector = if let selector { selector } else { try LeafSelector(metadata.selection) }
        return (bytes, Self.coverage(document.branches, selectors: [coverageSelector]))
    }

    /// The metadata of a new encryption: `dataKey` wrapped for the rule's keys (and cached).
    func newMetadata(dataKey: SecretBytes, rule: CreationRule, format: SopsFormat) async throws(SopsError) -> SopsMetadata {
        let groups = try await DataKey.wrap(dataKey, for: rule.keyGroups, threshold: rule.shamirThreshold, services: keyServices)
        await dataKeyCache.store(dataKey, for: groups, threshold: rule.keyGroups.count > 1 ? rule.shamirThreshold : 0)
        return SopsMetadata(keyGroups: groups, shamirThreshold: rule.keyGroups.count > 1 ? rule.shamirThreshold : 0,
                            storedSelection: format == .binary ? nil : (rule.selection ?? .default),
                            macOnlyEncrypted: format == .binary ? false : rule.macOnlyEncrypted)
    }

    /// Refuses input sops cannot encrypt: already encrypted, empty, non-string keys caught by parsers.
    static func checkEncryptable(_ branches: [SopsBranch], format: SopsFormat) throws(SopsError) {
        guard !branches.isEmpty else {
            throw SopsError(.invalidValue, "File cannot be completely empty, it must contain at least one document")
        }
        for item in branches[0] {
            guard let key = item.key else { continue }
            if format == .dotenv ? key.hasPrefix("sops_") : key == "sops" {
                // Incomplete metadata is a document cut short or damaged, not one to decrypt first.
                if let defect = DocumentStore.metadataDefect(branches[0], format: format) {
                    throw damaged(SopsError(.metadata, defect))
                }
                throw SopsError(.alreadyEncrypted, DocumentStore.alreadyEncryptedMessage,
                                hint: "decrypt it first, or use `gitsops updatekeys` / `rotate` to change its keys")
            }
        }
    }
}
