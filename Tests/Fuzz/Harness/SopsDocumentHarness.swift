@testable import Sops

/// `Sops` encrypted documents in every format: the metadata parser (the `sops` block, flattened
/// `sops_` keys, INI's `[sops]` section), `ENC[…]` values, decryption with the fixtures' data keys,
/// and the `gitsops_layout` template reader. Invariant: clean errors only.
public enum SopsDocumentHarness: Harness {
    public static let name = "SopsDocumentFuzz"

    public static func run(_ input: [UInt8]) async throws(Finding) {
        let engine = FixtureKeyService.engine()
        for format in SopsFormat.allCases {
            _ = SopsEngine.isSopsDocument(input, format: format)
            guard (try? SopsEngine.inspect(input, format: format)) != nil else { continue }
            _ = try? SopsEngine.unencryptedPaths(input, format: format)
            _ = try? SopsEngine.coverage(input, format: format)
            _ = try? await engine.decrypt(input, format: format)
            let other = SopsFormat.allCases[input.count % SopsFormat.allCases.count]
            _ = try? await engine.decrypt(input, format: format, options: DecryptionOptions(verifyMAC: false, outputFormat: other))
        }
        _ = try? EncryptedValue(parsing: input)
        if let template = LayoutTemplate(serialized: input) {
            _ = template.render(leaves: [], renderer: DocumentStore(format: template.format, settings: StoreSettings()).renderer)
        }
    }
}
