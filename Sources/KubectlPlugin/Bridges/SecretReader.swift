import LosslessYAML
import Sops

/// The Secrets of one input file: a SOPS document is decrypted in memory through the engine (MAC
/// verified); a plaintext manifest (an unlocked working tree) is read as it is.
struct SecretReader {
    let context: BridgeContext

    /// The Secrets of every file in order; documents of other kinds are skipped with a notice.
    func secrets(in paths: [String]) async throws(BridgeError) -> [(path: String, secrets: [KubernetesSecret])] {
        var inputs: [(path: String, secrets: [KubernetesSecret])] = []
        for path in paths {
            let read = try await secrets(in: path)
            if read.others > 0 { context.standardError("\(path): skipped \(read.others) document(s) that are not Secrets") }
            inputs.append((path, read.secrets))
        }
        return inputs
    }

    /// The file's Secret documents, and how many other documents it holds. A file without a Secret
    /// is an error.
    func secrets(in path: String) async throws(BridgeError) -> (secrets: [KubernetesSecret], others: Int) {
        let stored = try BridgeFiles.read(context.absolute(path), display: path)
        let format = SopsFormat(path: path)
        guard format == .yaml || format == .json else {
            throw BridgeError(.invalidManifest, "not a Kubernetes manifest (expected .yaml, .yml or .json)", path: path)
        }
        var plaintext = stored
        if SopsEngine.isSopsDocument(stored, format: format) {
            do {
                plaintext = try await context.engine.decrypt(stored, format: format).plaintext
            } catch {
                throw BridgeError(.decryption, wrapping: error, path: path)
            }
        }
        let documents: [YAMLValue]
        do {
            documents = try YAMLStream.parse(plaintext).values()
        } catch {
            throw BridgeError(.invalidManifest, "not valid YAML: \(error.description)", path: path)
        }
        var secrets: [KubernetesSecret] = []
        for document in documents where KubernetesSecret.isSecret(document) {
            do {
                secrets.append(try KubernetesSecret(document))
            } catch {
                throw error.at(path)
            }
        }
        guard !secrets.isEmpty else {
            throw BridgeError(.invalidManifest, "no v1 Secret in the file", path: path,
                              hint: "name files holding `apiVersion: v1` / `kind: Secret` manifests")
        }
        return (secrets, documents.count - secrets.count - documents.filter { $0 == .null }.count)
    }
}
