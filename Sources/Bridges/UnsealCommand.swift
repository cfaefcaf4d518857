import KubectlPlugin
import Crypto
import LosslessYAML

/// `kubectl secrets unseal`: the Secrets inside SealedSecret manifests, opened with the
/// controller's private key (recovery, and checking what a SealedSecret holds).
public struct UnsealCommand: Sendable {
    public var paths: [String]
    public var keyFiles: [String]

    public init(paths: [String], keyFiles: [String]) {
        self.paths = paths
        self.keyFiles = keyFiles
    }

    public func run(_ context: PluginContext) async throws(KubectlPluginError) {
        var keys: [RSA.PrivateKey] = []
        for file in keyFiles {
            keys += try SealedSecretUnsealer.keys(in: try KubectlPluginError.reading(context.absolute(file), display: file), path: file)
        }
        let unsealer = SealedSecretUnsealer(keys: keys)
        var secrets: [YAMLOutputNode] = []
        for path in paths {
            let bytes = try KubectlPluginError.reading(context.absolute(path), display: path)
            let documents: [YAMLValue]
            do { documents = try YAMLStream.parse(bytes).values() } catch {
                throw KubectlPluginError(.invalidManifest, "not valid YAML: \(error.description)", path: path)
            }
            let sealed = documents.filter(SealedSecretUnsealer.isSealedSecret)
            guard !sealed.isEmpty else { throw KubectlPluginError(.invalidManifest, "no bitnami.com/v1alpha1 SealedSecret in the file", path: path) }
            for document in sealed {
                do { secrets.append(try unsealer.unseal(document)) } catch {
                    throw error.at(path)
                }
            }
        }
        context.standardOutput(BridgeYAML.emit(secrets))
    }
}
