import KubectlPlugin
/// The Secrets of the files the bridge commands name, read through the plugin's loader: files and
/// directories, the working tree (locked or unlocked) or a revision, decrypted in memory.
struct SecretReader {
    /// One input file and its Secrets.
    struct Input {
        var path: String
        var absolutePath: String
        var secrets: [KubernetesSecret]
    }

    let context: PluginContext

    /// The Secrets of every file in order; documents of other kinds are skipped with a notice, and
    /// so is a file found under a directory that holds no Secret. A named file without one is an error.
    func secrets(in paths: [String], revision: String?) async throws(KubectlPluginError) -> [Input] {
        let files: [SecretFile]
        do {
            files = try await SecretFileLoader(context: context).load(paths, revision: revision)
        } catch let error as KubectlPluginError {
            let code: KubectlPluginError.Code = switch error.code {
            case .io: .io
            case .usage: .usage
            default: .invalidManifest
            }
            throw KubectlPluginError(code, wrapping: error, path: nil)
        } catch {
            throw KubectlPluginError(.decryption, wrapping: error, path: nil)
        }
        var inputs: [Input] = []
        for file in files {
            let documents: [ManifestValue]
            do { documents = try context.documents(of: file) } catch {
                throw KubectlPluginError(.invalidManifest, wrapping: error, path: file.displayPath)
            }
            var secrets: [KubernetesSecret] = []
            for document in documents where KubernetesSecret.isSecret(document) {
                do { secrets.append(try KubernetesSecret(document)) } catch { throw error.at(file.displayPath) }
            }
            let others = documents.count - secrets.count - documents.filter { $0 == .null }.count
            if secrets.isEmpty {
                guard !paths.contains(where: { context.absolute($0) == file.absolutePath }) else {
                    throw KubectlPluginError(.invalidManifest, "no v1 Secret in the file", path: file.displayPath,
                                      hint: "name files holding `apiVersion: v1` / `kind: Secret` manifests")
                }
                context.standardError("\(file.displayPath): skipped, no v1 Secret in it")
                continue
            }
            if others > 0 { context.standardError("\(file.displayPath): skipped \(others) document(s) that are not Secrets") }
            inputs.append(Input(path: file.displayPath, absolutePath: file.absolutePath, secrets: secrets))
        }
        return inputs
    }
}
