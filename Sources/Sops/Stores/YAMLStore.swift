/// sops' YAML store over LosslessYAML: parsing (with the layout template) and canonical emission.
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
            ? try LayoutTemplate(source: bytes, format: .yaml, leafCount: reader.leafCount, spans: reader.spans, renderer: YAMLWriter())
            : nil
        return Parsed(branches: branches, layout: layout)
    }

    static func emit(_ branches: [SopsBranch], indent: Int) throws(SopsError) -> [UInt8] {
        try YAMLWriter(indent: indent).stream(branches)
    }

    static var renderer: some LeafRenderer { YAMLWriter() }
}
