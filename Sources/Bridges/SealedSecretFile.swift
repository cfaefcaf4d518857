import KubectlPlugin
/// A manifest file holding SealedSecrets, as `seal --merge-into` and `--re-encrypt` update it:
/// rewritten in place (YAML comments, order and quoting kept where only values change or keys are
/// added; otherwise rendered afresh in the file's format), atomically.
struct SealedSecretFile {
    /// The path as the user named it.
    let path: String
    let absolutePath: String
    let source: [UInt8]
    /// Every document (null for an empty one).
    var documents: [ManifestValue]

    static func isSealedSecret(_ document: ManifestValue) -> Bool {
        document["apiVersion"]?.stringValue == "bitnami.com/v1alpha1" && document["kind"]?.stringValue == "SealedSecret"
    }

    /// Reads `path`; a file without a SealedSecret is an error.
    init(_ path: String, context: PluginContext) throws(KubectlPluginError) {
        self.path = path
        absolutePath = context.absolute(path)
        source = try KubectlPluginError.reading(absolutePath, display: path)
        do {
            documents = try ManifestReader.documents(source, path: path)
        } catch {
            throw KubectlPluginError(.invalidManifest, wrapping: error, path: path)
        }
        guard documents.contains(where: Self.isSealedSecret) else {
            throw KubectlPluginError(.invalidManifest, "no bitnami.com/v1alpha1 SealedSecret in the file", path: path)
        }
    }

    /// Positions of the SealedSecret documents.
    var sealedSecretIndices: [Int] { documents.indices.filter { Self.isSealedSecret(documents[$0]) } }

    /// The file's text for `documents`: the original edited in place when possible.
    func rendered() -> [UInt8] {
        let present = documents.filter { $0 != .null }
        if let edited = YAMLInPlaceEdit.apply(source, to: present) { return edited }
        if path.lowercased().hasSuffix(".json"), present.count == 1 { return Array(present[0].prettyJSON.utf8) }
        return Array(present.map(\.yaml).joined(separator: "---\n").utf8)
    }

    /// Writes `rendered()` to `destination` (absolute; the file itself by default) atomically.
    func write(to destination: String? = nil, display: String? = nil) throws(KubectlPluginError) {
        do {
            try FileSystem.replaceAtomically(.init(destination ?? absolutePath), with: rendered())
        } catch {
            throw KubectlPluginError(.io, wrapping: error, path: display ?? path)
        }
    }
}
