/// Per-format reading and writing of whole documents, plaintext and encrypted
/// (spec/sops-format.md §1.3, §1.4): the stores below know syntax, this knows where metadata goes.
struct DocumentStore {
    let format: SopsFormat
    let settings: StoreSettings

    /// A plaintext document; `layout` when a template was requested and the format has one.
    struct Plain {
        var branches: [SopsBranch]
        var layout: LayoutTemplate?
    }

    /// An encrypted document: branches still encrypted, metadata taken out.
    struct Encrypted {
        var branches: [SopsBranch]
        var metadata: SopsMetadata
    }

    // MARK: Plaintext

    func parsePlain(_ bytes: [UInt8], withLayout: Bool) throws(SopsError) -> Plain {
        switch format {
        case .binary:
            return Plain(branches: [[.entry("data", .string(bytes))]], layout: nil)
        case .json:
            var reader = JSONReader(bytes, recordSpans: withLayout)
            let branch = try reader.readDocument()
            let layout = withLayout
                ? try LayoutTemplate(source: bytes, format: format, leafCount: reader.leafCount, spans: reader.spans, renderer: renderer)
                : nil
            return Plain(branches: [branch], layout: layout)
        case .dotenv:
            var spans: [LeafSpan]? = withLayout ? [] : nil
            let branch = try DotenvStore.parse(bytes, spans: &spans)
            let layout = try spans.map { spans throws(SopsError) in
                try LayoutTemplate(source: bytes, format: format, leafCount: spans.count, spans: spans, renderer: renderer)
            }
            return Plain(branches: [branch], layout: layout)
        case .ini:
            var spans: [LeafSpan]? = withLayout ? [] : nil
            var reader = INIReader(bytes)
            let branch = try reader.read(spans: &spans)
            let layout = try spans.map { spans throws(SopsError) in
                try LayoutTemplate(source: bytes, format: format, leafCount: spans.count, spans: spans, renderer: renderer)
            }
            return Plain(branches: [branch], layout: layout)
        case .yaml:
            let parsed = try YAMLStore.parse(bytes, withLayout: withLayout)
            return Plain(branches: parsed.branches, layout: parsed.layout)
        }
    }

    /// The canonical plaintext rendering (what `sops decrypt` prints).
    func emitPlain(_ branches: [SopsBranch]) throws(SopsError) -> [UInt8] {
        switch format {
        case .binary:
            guard branches.count == 1 else {
                throw SopsError(.unsupported, "error emitting binary store: there must be exactly one tree branch")
            }
            for case .entry("data", let value) in branches[0] {
                guard case .string(let bytes) = value else {
                    throw SopsError(.unsupported, "error emitting binary store: 'data' key in tree does not have a string value")
                }
                return bytes
            }
            throw SopsError(.unsupported, "error emitting binary store: no binary data found in tree")
        case .json:
            return try JSONWriter(indent: StoreSettings.jsonIndentBytes(settings.jsonIndent)).document(branches.first ?? [])
        case .dotenv:
            return try DotenvStore.emit(branches.first ?? [])
        case .ini:
            return try INIWriter().document(branches.first ?? [])
        case .yaml:
            return YAMLStore.emit(branches, indent: settings.yamlIndent)
        }
    }

    /// The leaf renderer for this format's layout templates.
    var renderer: any LeafRenderer {
        switch format {
        case .json, .binary: JSONWriter()
        case .dotenv: DotenvStore()
        case .ini: INIWriter()
        case .yaml: YAMLStore.renderer
        }
    }

    // MARK: Encrypted

    func parseEncrypted(_ bytes: [UInt8]) throws(SopsError) -> Encrypted {
        var branches: [SopsBranch]
        switch format {
        case .binary, .json:
            var reader = JSONReader(bytes, recordSpans: false)
            branches = [try reader.readDocument()]
        case .dotenv:
            var none: [LeafSpan]? = nil
            let branch = try DotenvStore.parse(bytes, spans: &none)
            let pairs = Self.dotenvMetadataPairs(branch)
            guard !pairs.isEmpty else { throw Self.metadataNotFound }
            return Encrypted(branches: [branch.filter { !Self.isDotenvMetadata($0) }],
                             metadata: try SopsMetadata(tree: MetadataFlattening.unflatten(pairs)))
        case .ini:
            var none: [LeafSpan]? = nil
            var reader = INIReader(bytes)
            branches = [try reader.read(spans: &none)]
        case .yaml:
            branches = try YAMLStore.parse(bytes, withLayout: false).branches
        }
        let metadataValue = try Self.extractMetadata(&branches)
        return Encrypted(branches: branches, metadata: try Self.metadata(metadataValue, format: format))
    }

    /// The metadata from the `sops` entry's value (an INI section holds it flattened).
    static func metadata(_ value: SopsValue, format: SopsFormat) throws(SopsError) -> SopsMetadata {
        guard format == .ini else { return try SopsMetadata(tree: value) }
        guard case .mapping(let items) = value else { throw Self.metadataNotFound }
        let pairs = items.compactMap { item -> (String, String)? in
            guard case .entry(let k, let v) = item else { return nil }
            return (k, MetadataFlattening.stringValue(v).replacingOccurrences("\\n", with: "\n"))
        }
        return try SopsMetadata(tree: MetadataFlattening.unflatten(pairs))
    }

    /// A dotenv file's `sops_` entries as flattened metadata pairs (prefix removed).
    static func dotenvMetadataPairs(_ branch: SopsBranch) -> [(String, String)] {
        branch.compactMap { item in
            guard isDotenvMetadata(item), case .entry(let key, let value) = item else { return nil }
            return (String(key.dropFirst(5)), MetadataFlattening.stringValue(value))
        }
    }

    static func isDotenvMetadata(_ item: SopsItem) -> Bool {
        if case .entry(let key, _) = item { return key.hasPrefix("sops_") }
        return false
    }

    /// Why the sops metadata at the top of a plaintext-parsed first document (a `sops` entry, or
    /// dotenv `sops_` keys) is not what sops writes; nil when it is complete: parsed, with a MAC
    /// and a version. A file cut short, or damaged by hand, has the first without the rest.
    static func metadataDefect(_ branch: SopsBranch, format: SopsFormat) -> String? {
        do throws(SopsError) {
            let metadata: SopsMetadata
            if format == .dotenv {
                metadata = try SopsMetadata(tree: MetadataFlattening.unflatten(dotenvMetadataPairs(branch)))
            } else {
                var branches = [branch]
                metadata = try Self.metadata(extractMetadata(&branches), format: format)
            }
            if metadata.mac.isEmpty { return "it has no sops.mac" }
            if metadata.version.isEmpty { return "it has no sops.version" }
            return nil
        } catch {
            return error.message
        }
    }

    static let metadataNotFound = SopsError(.metadata, "sops metadata not found",
                                            hint: "this file is not encrypted with sops (or its format is not the one its name says)")

    /// Takes the `sops` item out of every document; only the first document's is read (§1.4).
    static func extractMetadata(_ branches: inout [SopsBranch]) throws(SopsError) -> SopsValue {
        var metadata: SopsValue?
        for index in branches.indices {
            var kept: SopsBranch = []
            kept.reserveCapacity(branches[index].count)
            for item in branches[index] {
                guard case .entry("sops", let value) = item else { kept.append(item); continue }
                guard index == 0 else { continue }
                guard metadata == nil else { throw SopsError(.metadata, "Found duplicate sops entry") }
                guard case .mapping = value else { throw SopsError(.metadata, "Found sops entry that is not a mapping") }
                metadata = value
            }
            branches[index] = kept
        }
        guard let metadata else { throw metadataNotFound }
        return metadata
    }

    /// Writes encrypted branches with the metadata appended to every document (only the first
    /// carries the layout template).
    func emitEncrypted(_ branches: [SopsBranch], metadata: SopsMetadata) throws(SopsError) -> [UInt8] {
        for (index, branch) in branches.enumerated() {
            for item in branch {
                guard let key = item.key else { continue }
                if format == .dotenv ? key.hasPrefix("sops_") : key == "sops" {
                    throw SopsError(.alreadyEncrypted, index == 0 && format != .dotenv
                        ? Self.alreadyEncryptedMessage
                        : "Found key '\(key)' in encrypted data, which is a reserved key used for SOPS metadata")
                }
            }
        }
        switch format {
        case .binary:
            let full = branches[0] + [.entry("sops", metadata.tree(withLayout: false))]
            return try JSONWriter(indent: StoreSettings.jsonIndentBytes(settings.jsonBinaryIndent)).document(full)
        case .json:
            return try JSONWriter(indent: StoreSettings.jsonIndentBytes(settings.jsonIndent))
                .document(branches[0] + [.entry("sops", metadata.tree(withLayout: true))])
        case .dotenv:
            let flat = try MetadataFlattening.flatten(metadata.tree(withLayout: true), prefix: "sops_")
            return try DotenvStore.emit(branches[0] + flat.map { .entry($0.0, .text($0.1)) })
        case .ini:
            let flat = try MetadataFlattening.flatten(metadata.tree(withLayout: true), prefix: "")
            let section = SopsValue.mapping(flat.map { .entry($0.0, .text($0.1.replacingOccurrences("\n", with: "\\n"))) })
            return try INIWriter().document(branches[0] + [.entry("sops", section)])
        case .yaml:
            let full = branches.enumerated().map { index, branch in
                branch + [.entry("sops", metadata.tree(withLayout: index == 0))]
            }
            return YAMLStore.emit(full, indent: settings.yamlIndent)
        }
    }

    static let alreadyEncryptedMessage = "The file you have provided contains a top-level entry called 'sops', or for flat file formats top-level entries starting with 'sops_'. This is generally due to the file already being encrypted."
}

extension String {
    /// Literal substring replacement without Foundation.
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
