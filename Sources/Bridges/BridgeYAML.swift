import LosslessYAML

/// Builds the manifests the bridges write: block-style YAML in the order given, empty parts left out.
enum BridgeYAML {
    static func string(_ text: String) -> YAMLOutputNode { YAMLOutputNode(.string(text)) }

    /// A mapping of the entries that are present.
    static func mapping(_ entries: [(String, YAMLOutputNode?)], comment: [String] = []) -> YAMLOutputNode {
        YAMLOutputNode(.entries(entries.compactMap { key, value in value.map { YAMLOutputPair(key, $0) } }), headComment: comment)
    }

    /// A mapping of strings to strings; nil when empty.
    static func strings(_ pairs: [(key: String, value: String)]) -> YAMLOutputNode? {
        pairs.isEmpty ? nil : mapping(pairs.map { ($0.key, string($0.value)) })
    }

    /// Documents separated by `---`.
    static func emit(_ documents: [YAMLOutputNode]) -> [UInt8] { YAMLEmitter(indent: 2).emit(documents) }
}
