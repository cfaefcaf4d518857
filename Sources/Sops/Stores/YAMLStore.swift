import LosslessYAML

/// sops' YAML store over LosslessYAML: parsing (with the layout template) and emission in sops'
/// layout through LosslessYAML's go-yaml v3 emitter.
enum YAMLStore {
    struct Parsed {
        var branches: [SopsBranch]
        var layout: LayoutTemplate?
    }

    static func parse(_ bytes: [UInt8], withLayout: Bool) throws(SopsError) -> Parsed {
        let stream = try YAMLReader.parse(bytes)
        var reader = YAMLReader(stream, recordSpans: withLayout)
        let branches = try reader.branches()
        let layout = withLayout
            ? try LayoutTemplate(source: bytes, format: .yaml, leafCount: reader.leafCount, spans: reader.spans,
                                 renderer: YAMLLeafRenderer())
            : nil
        return Parsed(branches: branches, layout: layout)
    }

    static func emit(_ branches: [SopsBranch], indent: Int) -> [UInt8] {
        // yaml.v3 falls back to 2 outside 2…9, and so does the emitter.
        YAMLEmitter(indent: indent).emit(YAMLOutput.documents(branches))
    }

    static var renderer: some LeafRenderer { YAMLLeafRenderer() }
}
