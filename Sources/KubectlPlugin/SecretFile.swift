import Platform
import Repository

/// One secret file as the plugin works on it: where it came from and its plaintext.
public struct SecretFile: Sendable {
    /// The path as the user named it (or as found under a directory they named).
    public var displayPath: String
    /// The absolute path in the working tree (for files read from a revision: where it would be).
    public var absolutePath: String
    /// The bytes as stored (ciphertext when encrypted).
    public var stored: [UInt8]
    /// The decrypted bytes.
    public var plaintext: [UInt8]
    /// Whether `stored` is a sops document (false: the working tree holds this file unlocked).
    public var isEncrypted: Bool
    /// For an unlocked file, its staged sops document (whose data key it keeps).
    var staged: [UInt8]? = nil

    /// The sops document holding this file's data key, if it has one.
    var sopsDocument: [UInt8]? { isEncrypted ? stored : staged }
}

/// Finds and decrypts the secret files under the paths a command names, in the working tree or
/// at a revision (read through libgit2, never a `git` subprocess).
package struct SecretFileLoader {
    static let manifestExtensions: Set<String> = ["yaml", "yml", "json"]
    let context: PluginContext

    /// Loads through `context`.
    package init(context: PluginContext) {
        self.context = context
    }

    /// The secret files under `paths` (default: the current directory). A path that yields no
    /// decryptable file is an error.
    package func load(_ paths: [String], revision: String? = nil) async throws -> [SecretFile] {
        let paths = paths.isEmpty ? ["."] : paths
        var files: [SecretFile] = []
        for path in paths {
            let found: [SecretFile]
            if let revision { found = try await loadAtRevision(path, revision) } else { found = try await loadFromWorkingTree(path) }
            guard !found.isEmpty else {
                throw KubectlPluginError(.nothingToDecrypt, "no encrypted manifest found" + (revision.map { " at \($0)" } ?? ""),
                                         path: path, hint: "name a file or directory holding sops-encrypted manifests")
            }
            files += found
        }
        return files
    }

    /// The repository around the working directory, if any.
    var repository: Repository? {
        try? Repository.discover(from: context.workingDirectory, environment: context.environment)
    }

    private func loadFromWorkingTree(_ path: String) async throws -> [SecretFile] {
        let absolute = context.absolute(path)
        // Opened only for a file in clear (to read its staged blob): an encrypted file needs no
        // repository, and opening one starts libgit2 (several ms).
        let repository = OnDemand { self.repository }
        guard Files.isDirectory(absolute) else {
            guard Files.exists(absolute) else {
                throw KubectlPluginError(.io, "no such file or directory", path: path)
            }
            // A file the user names is read as it is when plaintext (an unlocked working tree, or a
            // manifest not yet added): they chose it. Under a directory only secret files count.
            let bytes = try FileSystem.readFile(.init(absolute))
            return [try await secretFile(absolute, display: path, repository: repository, bytes: bytes)
                ?? SecretFile(displayPath: path, absolutePath: absolute, stored: bytes, plaintext: bytes, isEncrypted: false)]
        }
        var files: [SecretFile] = []
        for relative in try DirectoryWalk.files(under: absolute)
        where Self.manifestExtensions.contains(relative.split(separator: ".").last.map(String.init)?.lowercased() ?? "") {
            let display = path == "." ? relative : (path.hasSuffix("/") ? path : path + "/") + relative
            let file = absolute + "/" + relative
            if let found = try await secretFile(file, display: display, repository: repository, bytes: FileSystem.readFile(.init(file))) {
                files.append(found)
            }
        }
        return files
    }

    /// The file if it is encrypted, or plaintext in an unlocked working tree (its staged blob is encrypted).
    private func secretFile(_ absolute: String, display: String, repository: OnDemand<Repository?>, bytes: [UInt8]) async throws -> SecretFile? {
        if context.engine.isEncrypted(bytes, path: absolute) {
            return SecretFile(displayPath: display, absolutePath: absolute, stored: bytes,
                              plaintext: try await decrypt(bytes, absolute, display), isEncrypted: true)
        }
        guard let staged = try stagedBlob(absolute, repository.value), context.engine.isEncrypted(staged, path: absolute) else {
            return nil
        }
        return SecretFile(displayPath: display, absolutePath: absolute, stored: bytes, plaintext: bytes, isEncrypted: false, staged: staged)
    }

    /// The staged (encrypted) blob of a working-tree file, if git tracks it.
    func stagedBlob(_ absolute: String, _ repository: Repository?) throws -> [UInt8]? {
        guard let repository, let root = repository.workingDirectory, absolute.hasPrefix(root + "/") else { return nil }
        return try? repository.indexBlob(for: String(absolute.dropFirst(root.count + 1)))
    }

    private func loadAtRevision(_ path: String, _ revision: String) async throws -> [SecretFile] {
        guard let repository, let root = repository.workingDirectory else {
            throw KubectlPluginError(.usage, "--rev needs a git repository with a working tree", path: context.workingDirectory)
        }
        let absolute = context.absolute(path)
        guard absolute == root || absolute.hasPrefix(root + "/") else {
            throw KubectlPluginError(.usage, "outside the repository \(root)", path: path)
        }
        let prefix = absolute == root ? "" : String(absolute.dropFirst(root.count + 1))
        var files: [SecretFile] = []
        for entry in try repository.files(at: revision) where prefix.isEmpty || entry.path == prefix || entry.path.hasPrefix(prefix + "/") {
            let isNamedFile = entry.path == prefix
            let ext = entry.path.split(separator: ".").last.map { String($0).lowercased() } ?? ""
            guard isNamedFile || Self.manifestExtensions.contains(ext), entry.mode != 0o120000 else { continue }
            let bytes = try repository.blob(entry.id)
            let fileAbsolute = root + "/" + entry.path
            guard context.engine.isEncrypted(bytes, path: fileAbsolute) else {
                if isNamedFile { throw KubectlPluginError(.nothingToDecrypt, "not encrypted at \(revision)", path: path) }
                continue
            }
            let display = prefix.isEmpty ? entry.path : path + String(entry.path.dropFirst(prefix.count))
            files.append(SecretFile(displayPath: display, absolutePath: fileAbsolute, stored: bytes,
                                    plaintext: try await decrypt(bytes, fileAbsolute, display), isEncrypted: true))
        }
        return files
    }

    private func decrypt(_ bytes: [UInt8], _ absolute: String, _ display: String) async throws -> [UInt8] {
        do {
            return try await context.engine.decrypt(bytes, path: absolute)
        } catch var error as KubectlPluginError {
            error.path = error.path ?? display
            throw error
        }
    }
}

/// A value computed on first use, once.
final class OnDemand<Value> {
    private let make: () -> Value
    private var made: Value?

    init(_ make: @escaping () -> Value) { self.make = make }

    var value: Value {
        if let made { return made }
        let value = make()
        made = value
        return value
    }
}
