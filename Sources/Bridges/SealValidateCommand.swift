import KubectlPlugin
/// `kubectl secrets seal --validate`: asks the controller (`/v1/verify`) whether it can unseal
/// every SealedSecret in the files, as `kubeseal --validate` does. Silent when it can; names each
/// one it cannot and fails.
public struct SealValidateCommand: Sendable {
    public var files: [String]
    public var controller: SealingController

    public init(files: [String], controller: SealingController) {
        self.files = files
        self.controller = controller
    }

    public func run(_ context: PluginContext) async throws(KubectlPluginError) {
        var total = 0, failed = 0
        for path in files {
            let file = try SealedSecretFile(path, context: context)
            for index in file.sealedSecretIndices {
                let document = file.documents[index]
                total += 1
                let opens: Bool
                do { opens = try await controller.canUnseal(document) } catch { throw error.at(path) }
                guard !opens else { continue }
                failed += 1
                let metadata = document["metadata"] ?? .null
                let name = [metadata["namespace"]?.stringValue, metadata["name"]?.stringValue].compactMap { $0 }.joined(separator: "/")
                context.standardError("\(path): SealedSecret \(name) cannot be unsealed by the \(controller)")
            }
        }
        if failed > 0 {
            throw KubectlPluginError(.unsealFailed, "\(failed) of \(total) SealedSecret\(total == 1 ? "" : "s") cannot be unsealed by the \(controller)",
                                     hint: "sealed with another cluster's key, or for another name or namespace than the SealedSecret has")
        }
    }
}
