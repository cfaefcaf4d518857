import Platform
import SystemPackage
import TextEncoding

/// The file being edited: how it is stored now and how to write it back in the same form.
struct EditTarget {
    enum Form { case encrypted, unlocked, new }

    let displayPath: String
    let absolutePath: String
    let form: Form
    /// The current ciphertext (encrypted files), so unchanged values keep theirs.
    let previous: [UInt8]?
    /// The file's bytes when the edit began (nil: it did not exist); saving refuses if they changed.
    let opened: [UInt8]?
    /// The documents as the file holds them now (non-empty documents only).
    let documents: [ManifestValue]
    /// The plaintext when the edit began, so a YAML file is edited in place (comments, layout kept).
    var source: [UInt8]? = nil

    var isEncrypted: Bool { form != .unlocked }
    var isJSON: Bool { FilePath(absolutePath).extension?.lowercased() == "json" }

    static func open(_ path: String, context: PluginContext) async throws -> EditTarget {
        let absolute = context.absolute(path)
        // A checkout replaces a file by unlinking it first: asked mid-checkout, a tracked file
        // would look new. git holds its index lock throughout, so ask under that lock.
        let exists = try GitIndexLock.holding(around: FilePath(absolute).removingLastComponent().string,
                                              environment: context.environment) { Files.exists(absolute) }
        guard exists else {
            return EditTarget(displayPath: path, absolutePath: absolute, form: .new, previous: nil, opened: nil,
                              documents: [template(for: absolute)])
        }
        let loader = SecretFileLoader(context: context)
        let file = try await loader.load([path]).first!
        let documents = try context.documents(of: file).filter { $0 != .null }
        return EditTarget(displayPath: path, absolutePath: absolute, form: file.isEncrypted ? .encrypted : .unlocked,
                          previous: file.isEncrypted ? file.stored : nil, opened: file.stored, documents: documents,
                          source: file.plaintext)
    }

    /// A new Secret named after the file.
    static func template(for absolute: String) -> ManifestValue {
        let stem = FilePath(absolute).stem ?? "secret"
        var name = String(stem.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") ? $0 : "-" })
        name = String(name.drop { !$0.isLetter && !$0.isNumber })
        return .object([
            .init("apiVersion", .string("v1")), .init("kind", .string("Secret")),
            .init("metadata", .object([.init("name", .string(name.isEmpty ? "secret" : name))])),
            .init("type", .string("Opaque")),
            .init("data", .object([.init("key", .string(Base64.encode(Array("value".utf8))))])),
        ])
    }

    /// Validates the edited text and maps it back to stored documents (data base64 again).
    func accept(_ edited: String, context: PluginContext) throws -> [ManifestValue] {
        let parsed = try ManifestReader.documents(Array(edited.utf8), path: displayPath).filter { $0 != .null }
        var result: [ManifestValue] = []
        for (index, document) in parsed.enumerated() {
            try Self.validateShape(document, index: index)
            let identity = ObjectIdentity(document)
            let original = documents.first { ObjectIdentity($0) == identity } ?? (index < documents.count ? documents[index] : nil)
            result.append(try SecretView.encoded(document, original: original))
        }
        if isJSON && result.count != 1 {
            throw KubectlPluginError(.invalidManifest, "a JSON file holds exactly one object")
        }
        return result
    }

    /// A Kubernetes object: a mapping with apiVersion, kind and metadata.name.
    static func validateShape(_ document: ManifestValue, index: Int) throws {
        let which = "document \(index + 1)"
        guard document.fields != nil else { throw KubectlPluginError(.invalidManifest, "\(which) is not a mapping") }
        for key in ["apiVersion", "kind"] {
            guard let value = document[key]?.stringValue, !value.isEmpty else {
                throw KubectlPluginError(.invalidManifest, "\(which): \(key) must be set")
            }
        }
        guard document["metadata"]?.fields != nil else {
            throw KubectlPluginError(.invalidManifest, "\(which): metadata must be a mapping")
        }
        guard let name = document["metadata"]?["name"]?.stringValue, !name.isEmpty else {
            throw KubectlPluginError(.invalidManifest, "\(which): metadata.name must be set")
        }
        if let data = document["data"], SecretView.isSecret(document), data.fields == nil, data != .null {
            throw KubectlPluginError(.invalidManifest, "\(which): data must be a mapping")
        }
    }

    /// Writes `documents` back in the file's current form, atomically, unless the file changed
    /// since the edit began (a checkout, another editor): then nothing is overwritten. In a git
    /// working tree the check and the rename hold git's index lock, so a concurrent checkout
    /// cannot slip in between (nor overwrite the saved file after checking the old one).
    func save(_ documents: [ManifestValue], context: PluginContext) async throws {
        let plaintext: [UInt8]
        if isJSON {
            plaintext = Array(documents[0].prettyJSON.utf8)
        } else if let source, let kept = YAMLInPlaceEdit.apply(source, to: documents) {
            plaintext = kept
        } else {
            if source != nil {
                context.standardError("note: this change cannot be written into the file's layout; it is rewritten in canonical YAML")
            }
            plaintext = Array(documents.map(\.yaml).joined(separator: "---\n").utf8)
        }
        let bytes = form == .unlocked ? plaintext
            : try await context.engine.encrypt(plaintext, path: absolutePath, previous: previous)
        let file = FilePath(absolutePath)
        try GitIndexLock.holding(around: file.removingLastComponent().string, environment: context.environment) {
            let now = Files.exists(file.string) ? try FileSystem.readFile(file) : nil
            guard now == opened else {
                throw KubectlPluginError(.writeBack, "the file changed while it was being edited (a git checkout or another editor?); it was not overwritten")
            }
            try FileSystem.replaceAtomically(file, with: bytes, mode: form == .unlocked ? 0o600 : 0o644)
        }
    }
}
