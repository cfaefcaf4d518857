public import Crypto

extension SopsEngine {
    /// HKDF's info for fingerprint keys: binds the derived key to this one use of the data key.
    static let fingerprintKeyInfo = Array("gitsops value fingerprint v1".utf8)

    /// A key for fingerprinting `document`'s values (`kubectl secrets diff --fingerprint`):
    /// HKDF-SHA-256 of its data key with a fixed info label. The same data key always gives the
    /// same fingerprint key, so fingerprints compare across runs, revisions and clusters; the
    /// derived key reveals nothing about the data key, which never leaves this module.
    public func valueFingerprintKey(_ document: [UInt8], format: SopsFormat) async throws(SopsError) -> SecretBytes {
        let metadata = try Self.inspect(document, format: format)
        let dataKey = try await DataKey.recover(metadata, services: keyServices, order: try DecryptionOrder(environment: environment),
                                                cache: dataKeyCache)
        do {
            return try HKDF.sha256(inputKey: dataKey, salt: [], info: Self.fingerprintKeyInfo, outputCount: 32)
        } catch {
            throw SopsError(.dataKey, "cannot derive the fingerprint key: \(error)")
        }
    }
}
