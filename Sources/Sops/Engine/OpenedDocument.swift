import Crypto
import KeySources

/// A sops document after decryption: plaintext tree, metadata, the data key and the IVs of every
/// value (for minimal re-encryption).
struct OpenedDocument {
    var format: SopsFormat
    var branches: [SopsBranch]
    var metadata: SopsMetadata
    var dataKey: SecretBytes
    var ivCache: IVCache
    var layout: LayoutTemplate?
    var warnings: [String]

    /// Parses, recovers the data key, decrypts every value and (optionally) checks the MAC.
    static func open(_ bytes: [UInt8], format: SopsFormat, verifyMAC: Bool, engine: SopsEngine) async throws(SopsError) -> OpenedDocument {
        let encrypted = try DocumentStore(format: format, settings: StoreSettings()).parseEncrypted(bytes)
        return try await open(encrypted, format: format, verifyMAC: verifyMAC, engine: engine)
    }

    /// `open` of a document already parsed with `DocumentStore.parseEncrypted`.
    static func open(_ encrypted: DocumentStore.Encrypted, format: SopsFormat, verifyMAC: Bool,
                     engine: SopsEngine) async throws(SopsError) -> OpenedDocument {
        let metadata = encrypted.metadata
        let order = try DecryptionOrder(environment: engine.environment)
        let dataKey = try await DataKey.recover(metadata, services: engine.keyServices, order: order,
                                                cache: engine.dataKeyCache)
        var tree = TreeCipher(selector: try LeafSelector(metadata.selection), macOnlyEncrypted: metadata.macOnlyEncrypted,
                              cipher: ValueCipher(dataKey: dataKey))
        var branches = encrypted.branches
        let computed = try tree.decrypt(&branches)
        var cipher = tree.cipher
        if verifyMAC { try checkMAC(metadata, computed: computed, cipher: &cipher) }
        var warnings = tree.warnings
        var layout: LayoutTemplate?
        if let text = metadata.layout {
            do throws(SopsError) {
                guard case .string(let bytes) = try cipher.decrypt(Array(text.utf8), aad: "gitsops_layout:"),
                      let template = LayoutTemplate(serialized: bytes), template.format == format else {
                    throw SopsError(.metadata, "gitsops_layout is not a layout template for \(format.rawValue)")
                }
                layout = template
            } catch {
                warnings.append("the layout template cannot be read (\(error.message)); using the canonical rendering")
            }
        }
        return OpenedDocument(format: format, branches: branches, metadata: metadata, dataKey: dataKey,
                              ivCache: cipher.ivCache, layout: layout, warnings: warnings)
    }

    /// Compares the stored MAC with the one `computed` over the plaintext values. The messages
    /// never show either digest: the MAC is an unkeyed hash of the values, so printing it would let
    /// anyone who reads the message brute-force short values.
    static func checkMAC(_ metadata: SopsMetadata, computed: String, cipher: inout ValueCipher) throws(SopsError) {
        let stored = try Self.storedMAC(metadata, cipher: &cipher)
        guard !stored.isEmpty else {
            throw SopsError(.macMismatch, "MAC mismatch: the file has no MAC",
                            hint: "the file was not written completely by sops; --ignore-mac decrypts it anyway")
        }
        guard stored == computed else {
            throw SopsError(.macMismatch, "MAC mismatch: its values do not match its MAC",
                            hint: "the values were changed after encryption (tampering or a bad merge)")
        }
    }

    /// The decrypted `mac` (empty when the file has none).
    private static func storedMAC(_ metadata: SopsMetadata, cipher: inout ValueCipher) throws(SopsError) -> String {
        guard !metadata.mac.isEmpty else { return "" }
        do throws(SopsError) {
            guard case .string(let bytes) = try cipher.decrypt(Array(metadata.mac.utf8), aad: metadata.lastModified.rfc3339Seconds) else {
                throw SopsError(.macMismatch, "Cannot decrypt MAC: not a string")
            }
            return String(decoding: bytes, as: UTF8.self)
        } catch {
            throw SopsError(.macMismatch, "Cannot decrypt MAC: \(error.message)",
                            hint: "the MAC or lastmodified was changed after encryption")
        }
    }

    /// The plaintext: through the layout template when it fits, else the canonical rendering.
    func plaintext(stores: StoreSettings) throws(SopsError) -> (bytes: [UInt8], usedLayout: Bool, warning: String?) {
        let store = DocumentStore(format: format, settings: stores)
        var warning: String?
        if let layout {
            switch layout.render(leaves: leaves(), renderer: store.renderer) {
            case .success(let bytes): return (bytes, true, nil)
            case .failure(let mismatch): warning = "the layout template does not fit (\(mismatch.reason)); using the canonical rendering"
            }
        }
        return (try store.emitPlain(branches), false, warning)
    }

    /// Every leaf (nulls included, comments not) in tree order with its path.
    func leaves() -> [(path: [String], value: SopsValue)] {
        var out: [(path: [String], value: SopsValue)] = []
        var path: [String] = []
        func visit(_ value: SopsValue) {
            switch value {
            case .mapping(let items):
                for case .entry(let key, let v) in items {
                    path.append(key)
                    visit(v)
                    path.removeLast()
                }
            case .sequence(let elements):
                for element in elements { visit(element) }
            case .comment:
                break
            default:
                out.append((path, value))
            }
        }
        for branch in branches { visit(.mapping(branch)) }
        return out
    }
}
