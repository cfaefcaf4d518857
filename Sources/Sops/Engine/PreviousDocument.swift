/// The document a file held before (the staged blob, the file being edited), opened here: what a
/// new encryption of the file reuses (spec §9.2). Parsed once; its coverage comes from that parse.
struct PreviousDocument {
    var bytes: [UInt8]
    var parsed: DocumentStore.Encrypted
    var opened: OpenedDocument
    /// What it decrypts to (through its layout template when that fits).
    var plaintext: [UInt8]

    /// Nil when `bytes` is missing, not a sops document in `format`, or does not open here (no key,
    /// damaged, MAC mismatch): then there is nothing to reuse, never a reason to refuse.
    static func open(_ bytes: [UInt8]?, format: SopsFormat, stores: StoreSettings, engine: SopsEngine) async -> PreviousDocument? {
        guard let bytes, let parsed = SopsEngine.parsedSopsDocument(bytes, format: format),
              let opened = try? await OpenedDocument.open(parsed, format: format, verifyMAC: true, engine: engine),
              let rendered = try? opened.plaintext(stores: stores) else { return nil }
        return PreviousDocument(bytes: bytes, parsed: parsed, opened: opened, plaintext: rendered.bytes)
    }
}
