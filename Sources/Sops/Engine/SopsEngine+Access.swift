extension SopsEngine {
    /// Recovers the data key of a file with these metadata through this machine's keys, and only
    /// that: no value is decrypted. Throws the error decryption would give when no key works
    /// (`gitsops ls` reports whether this user could decrypt a file without opening it).
    public func recoverDataKey(_ metadata: SopsMetadata) async throws(SopsError) {
        let order = try DecryptionOrder(environment: environment)
        _ = try await DataKey.recover(metadata, services: keyServices, order: order, cache: dataKeyCache)
    }
}
