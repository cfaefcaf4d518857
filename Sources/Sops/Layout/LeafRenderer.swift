/// Spells a leaf value in one of a format's styles (the derived spellings of docs/layout.md).
protocol LeafRenderer {
    /// The text of `value` in `style`, or nil when the style cannot spell this value.
    func render(_ value: SopsValue, style: String) -> [UInt8]?
}
