import KeySources

extension SopsEngine {
    /// Decrypts a sops document: the exact original bytes when it carries a layout template that
    /// fits, else the canonical rendering (what `sops decrypt` prints). Never returns partial output.
    public func decrypt(_ document: [UInt8], format: SopsFormat, options: DecryptionOptions = DecryptionOptions()) async throws(SopsError) -> Decryption {
        let opened = try await OpenedDocument.open(document, format: format, verifyMAC: options.verifyMAC, engine: self)
        return try decrypt(opened, format: format, options: options)
    }

    /// `decrypt`, or nil when `document` shows no sign of sops (a damaged sops document throws,
    /// see `damage`), parsing it once: the git filter's smudge.
    public func decryptIfSopsDocument(_ document: [UInt8], format: SopsFormat,
                                      options: DecryptionOptions = DecryptionOptions()) async throws(SopsError) -> Decryption? {
        guard let parsed = try Self.parsedSopsDocumentOrDamage(document, format: format) else { return nil }
        let coverage = try? Self.coverage(parsed)
        let opened = try await OpenedDocument.open(parsed, format: format, verifyMAC: options.verifyMAC, engine: self)
        var decryption = try decrypt(opened, format: format, options: options)
        decryption.coverage = coverage
        return decryption
    }

    private func decrypt(_ opened: OpenedDocument, format: SopsFormat, options: DecryptionOptions) throws(SopsError) -> Decryption {
        var warnings = opened.warnings
        let outputFormat = options.outputFormat ?? format
        if let extract = options.extract {
            guard let first = opened.branches.first else { throw SopsError(.unsupported, "the document is empty") }
            let value = try extract.value(in: first)
            return Decryption(plaintext: try Self.emitValue(value, format: outputFormat, stores: options.stores),
                              metadata: opened.metadata, usedLayout: false, warnings: warnings)
        }
        if outputFormat != format {
            let store = DocumentStore(format: outputFormat, settings: options.stores)
            return Decryption(plaintext: try store.emitPlain(opened.branches), metadata: opened.metadata, usedLayout: false,
                              warnings: warnings)
        }
        let rendered = try opened.plaintext(stores: options.stores)
        if let warning = rendered.warning { warnings.append(warning) }
        return Decryption(plaintext: rendered.bytes, metadata: opened.metadata, usedLayout: rendered.usedLayout, warnings: warnings)
    }

    /// `--extract` output: a string as its raw bytes, a mapping as a document, other values as text.
    private static func emitValue(_ value: SopsValue, format: SopsFormat, stores: StoreSettings) throws(SopsError) -> [UInt8] {
        switch value {
        case .string(let bytes):
            return bytes
        case .mapping(let items):
            return try DocumentStore(format: format == .binary ? .json : format, settings: stores).emitPlain([items])
        case .sequence:
            return try JSONWriter(indent: StoreSettings.jsonIndentBytes(stores.jsonIndent)).value(value)
        default:
            return Array(MetadataFlattening.stringValue(value).utf8) + [0x0A]
        }
    }
}
