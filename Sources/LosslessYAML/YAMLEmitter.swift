/// Writes new YAML documents exactly as go-yaml v3 (and so sops) writes them: block style,
/// keys and items in order, quotes only where a plain scalar would change meaning, literal
/// blocks for multi-line strings, `{}`/`[]` for empty collections, documents separated by `---`
/// (spec/sops-format.md §2.6).
public struct YAMLEmitter: Sendable {
    /// Spaces per indentation level (2–9; gitsops' canonical rendering uses 2, sops uses 4).
    public var indent: Int

    /// Creates an emitter.
    public init(indent: Int = 2) {
        self.indent = indent
    }

    /// The documents as bytes (empty for no documents).
    public func emit(_ documents: [YAMLOutputNode]) -> [UInt8] {
        guard !documents.isEmpty else { return [] }
        var encoder = EventEncoder()
        for document in documents { encoder.document(document) }
        var emitter = Emitter(events: encoder.finish(), indent: indent)
        return emitter.run()
    }

    /// One document as bytes.
    public func emit(_ document: YAMLOutputNode) -> [UInt8] { emit([document]) }

    /// Values without comments, one document each.
    public func emit(values: [YAMLValue]) -> [UInt8] { emit(values.map { YAMLOutputNode($0) }) }

    /// The documents as a string.
    public func string(_ documents: [YAMLOutputNode]) -> String { String(decoding: emit(documents), as: UTF8.self) }
}
