public import KeySources

/// What a new encryption uses: key groups, Shamir threshold and the selection setting — one
/// `creation_rules` entry of `.sops.yaml` (spec/sops-format.md §8.4), or keys given directly.
public struct CreationRule: Sendable, Equatable {
    /// The rule's `path_regex`; nil or empty matches every file.
    public var pathRegex: String?
    /// Key groups with unwrapped stanzas (empty `enc`).
    public var keyGroups: [[MasterKey]]
    public var shamirThreshold: Int
    /// The selection setting; nil means sops' default `unencrypted_suffix: _unencrypted`.
    public var selection: SelectionRule?
    public var macOnlyEncrypted: Bool

    public init(pathRegex: String? = nil, keyGroups: [[MasterKey]], shamirThreshold: Int = 0,
                selection: SelectionRule? = nil, macOnlyEncrypted: Bool = false) {
        self.pathRegex = pathRegex
        self.keyGroups = keyGroups
        self.shamirThreshold = shamirThreshold
        self.selection = selection
        self.macOnlyEncrypted = macOnlyEncrypted
    }
}
