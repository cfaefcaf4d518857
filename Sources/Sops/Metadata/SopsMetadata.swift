public import KeySources

/// The `sops` block of a document (spec/sops-format.md §6), plus gitsops' own `gitsops_layout`.
public struct SopsMetadata: Sendable, Equatable {
    /// The key groups; one group is written in the flat form, two or more as `key_groups` (Shamir).
    public var keyGroups: [[MasterKey]]
    /// Groups needed to recover the data key when there are several; 0 means all of them.
    public var shamirThreshold: Int
    /// When the values were last encrypted; also the MAC's additional data.
    public var lastModified: SopsTime
    /// The encrypted MAC (`ENC[…]`), empty when absent.
    public var mac: String
    /// The selection setting stored in the file; nil when it names none (read as the default).
    public var storedSelection: SelectionRule?
    public var macOnlyEncrypted: Bool
    public var version: String
    /// The encrypted layout template (`gitsops_layout`, docs/layout.md), when present.
    public var layout: String?

    /// The version gitsops writes (sops' own, so every sops accepts the files).
    public static let writerVersion = "3.13.2"

    public init(keyGroups: [[MasterKey]], shamirThreshold: Int = 0, lastModified: SopsTime = .now(), mac: String = "",
                storedSelection: SelectionRule? = nil, macOnlyEncrypted: Bool = false, version: String = writerVersion,
                layout: String? = nil) {
        self.keyGroups = keyGroups
        self.shamirThreshold = shamirThreshold
        self.lastModified = lastModified
        self.mac = mac
        self.storedSelection = storedSelection
        self.macOnlyEncrypted = macOnlyEncrypted
        self.version = version
        self.layout = layout
    }

    /// The rule in force: the stored one, else sops' default `unencrypted_suffix: _unencrypted`.
    public var selection: SelectionRule { storedSelection ?? .default }

    /// The threshold actually applied when there are several groups (0 → all groups).
    var effectiveThreshold: Int { shamirThreshold == 0 ? keyGroups.count : shamirThreshold }
}
