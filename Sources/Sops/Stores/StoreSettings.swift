/// Output formatting from `.sops.yaml`'s `stores` section or `--indent` (spec/sops-format.md §8.5).
public struct StoreSettings: Sendable, Equatable {
    /// Spaces per YAML level (sops' default 4).
    public var yamlIndent: Int
    /// JSON indentation: -1 is a TAB per level, n ≥ 0 is n spaces.
    public var jsonIndent: Int
    /// The same for the binary store's JSON envelope.
    public var jsonBinaryIndent: Int

    public init(yamlIndent: Int = 4, jsonIndent: Int = -1, jsonBinaryIndent: Int = -1) {
        self.yamlIndent = yamlIndent
        self.jsonIndent = jsonIndent
        self.jsonBinaryIndent = jsonBinaryIndent
    }

    static func jsonIndentBytes(_ indent: Int) -> [UInt8] {
        indent < 0 ? [0x09] : [UInt8](repeating: 0x20, count: indent)
    }
}
