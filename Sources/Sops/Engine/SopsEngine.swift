public import KeySources

/// The sops engine: encrypts and decrypts documents in every format, byte-exact through the layout
/// template (docs/layout.md), with the key services and environment it is given.
///
/// Thread-safe; one engine can serve many files concurrently. Unwrapped data keys are cached
/// process-wide, so decrypting many files that share a data key unwraps it once.
public struct SopsEngine: Sendable {
    public var keyServices: KeyServices
    /// Read for `SOPS_DECRYPTION_ORDER`; never the process environment.
    public var environment: [String: String]
    /// Where recovered data keys are kept (process-wide unless given).
    public var dataKeyCache: DataKeyCache

    public init(keyServices: KeyServices, environment: [String: String] = [:], dataKeyCache: DataKeyCache = .shared) {
        self.keyServices = keyServices
        self.environment = environment
        self.dataKeyCache = dataKeyCache
    }
}

/// What to encrypt, how and with which keys.
public struct EncryptionRequest: Sendable {
    /// The file's path: picks the format (unless `format` is set) and is named in errors.
    public var path: String
    public var format: SopsFormat?
    /// Write the encrypted document in another format (no layout template then); nil keeps `format`.
    public var outputFormat: SopsFormat?
    /// Keys and selection for a new encryption (ignored when `previous` opens here).
    public var rule: CreationRule
    /// The file's current ciphertext: its data key, key stanzas and the IVs of unchanged values
    /// are reused, and an unchanged plaintext returns it verbatim (spec §9.2).
    public var previous: [UInt8]?
    public var stores: StoreSettings
    /// Record the layout template so decryption gives back the exact bytes (default on).
    public var recordLayout: Bool

    public init(path: String, format: SopsFormat? = nil, rule: CreationRule, previous: [UInt8]? = nil,
                stores: StoreSettings = StoreSettings(), recordLayout: Bool = true) {
        self.path = path
        self.format = format
        self.rule = rule
        self.previous = previous
        self.stores = stores
        self.recordLayout = recordLayout
    }

    var resolvedFormat: SopsFormat { format ?? SopsFormat(path: path) }
    var resolvedOutputFormat: SopsFormat { outputFormat ?? resolvedFormat }
}

/// How to decrypt.
public struct DecryptionOptions: Sendable {
    public var verifyMAC: Bool
    /// Write the plaintext in another format (canonical rendering); nil keeps the input format.
    public var outputFormat: SopsFormat?
    /// Output only this part of the tree (`--extract`).
    public var extract: SopsTreePath?
    public var stores: StoreSettings

    public init(verifyMAC: Bool = true, outputFormat: SopsFormat? = nil, extract: SopsTreePath? = nil,
                stores: StoreSettings = StoreSettings()) {
        self.verifyMAC = verifyMAC
        self.outputFormat = outputFormat
        self.extract = extract
        self.stores = stores
    }
}

/// A decrypted document.
public struct Decryption: Sendable {
    /// The plaintext file: the original bytes when the layout template applied, else canonical.
    public var plaintext: [UInt8]
    public var metadata: SopsMetadata
    /// Whether `plaintext` came from the layout template.
    public var usedLayout: Bool
    /// Things worth one line on stderr (clear comments, an unusable layout template).
    public var warnings: [String]
    /// How much of the stored document is encrypted (computed by `decryptIfSopsDocument` only).
    public var coverage: SopsEngine.Coverage?
}
