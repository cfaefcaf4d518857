import KubectlPlugin
/// `kubectl secrets seal --re-encrypt`: SealedSecret files sealed again with the controller's
/// newest key through its `/v1/rotate`, as `kubeseal --re-encrypt` does; no plaintext leaves the
/// cluster. Each file is updated in place (only `encryptedData` values change), atomically.
public struct SealReencryptCommand: Sendable {
    public var files: [String]
    public var controller: SealingController

    public init(files: [String], controller: SealingController) {
        self.files = files
        self.controller = controller
    }

    public func run(_ context: PluginContext) async throws(KubectlPluginError) {
        // All files are read and re-encrypted before any is written: a refusal leaves every file as it was.
        var updated: [SealedSecretFile] = []
        for path in files {
            var file = try SealedSecretFile(path, context: context)
            for index in file.sealedSecretIndices {
                let fresh: ManifestValue
                do {
                    fresh = try await controller.reencrypted(file.documents[index])
                } catch {
                    throw error.at(path)
                }
                let values = (fresh["spec"]?["encryptedData"]?.fields ?? []).compactMap { field in field.value.stringValue.map { (key: field.key, value: $0) } }
                let current = file.documents[index]["spec"]?["encryptedData"]
                file.documents[index]["spec"]?["encryptedData"] = SealMergeCommand.merging(values, into: current)
            }
            updated.append(file)
        }
        for file in updated {
            try file.write()
            let count = file.sealedSecretIndices.count
            context.standardError("re-encrypted \(count) SealedSecret\(count == 1 ? "" : "s") in \(file.path)")
        }
    }
}
