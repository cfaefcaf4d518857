public import Repository
import Sops

/// `gitsops lock` / `unlock` (and the re-checkout after `gitsops init` in a fresh clone): has git
/// check the filtered files out again, as their stored ciphertext or as plaintext.
public struct WorkingTreeSync {
    public let repository: Repository
    /// Decrypts staged blobs to compare them with the working tree (its `locked` flag is ignored).
    public let policy: SopsFilterPolicy
    /// For `git checkout` (PATH, HOME, keys for the filter process it starts).
    public let environment: [String: String]

    public init(repository: Repository, policy: SopsFilterPolicy, environment: [String: String]) {
        self.repository = repository
        self.policy = SopsFilterPolicy(engine: policy.engine, repository: policy.repository, rules: policy.rules, locked: false)
        self.environment = environment
    }

    /// Checks every filtered file out as its staged ciphertext and sets `gitsops.locked`, so later
    /// checkouts stay encrypted. Refuses while a filtered file has uncommitted changes, unless `force`
    /// (which discards the unstaged ones). Returns the paths rewritten.
    public func lock(force: Bool) async throws -> [String] {
        let root = try repository.requireWorkingDirectory(for: "gitsops lock")
        var changed: [String] = []
        var rewrite: [String] = []
        for entry in try FilteredFiles.list(in: repository, from: .workingTree) {
            let stored = try repository.blob(entry.id)
            let current = Self.read(root + "/" + entry.path)
            let committed = repository.hasCommits ? try repository.blob(at: "HEAD", path: entry.path) : nil
            if committed != stored { changed.append(entry.path) }
            if current == stored { continue }
            let unmodified = try await policy.smudge(stored, path: entry.path).content
            if current != unmodified && !changed.contains(entry.path) { changed.append(entry.path) }
            rewrite.append(entry.path)
        }
        if !changed.isEmpty && !force {
            throw GitFilterError(.refused, "uncommitted changes in \(changed.count) encrypted file\(changed.count == 1 ? "" : "s"): \(changed.prefix(5).joined(separator: ", "))\(changed.count > 5 ? ", …" : "")",
                                 hint: "commit or stash them first, or run `gitsops lock --force` to discard unstaged changes")
        }
        try repository.setConfig(GitsopsConfig.lockedKey, to: "true")
        try await GitCommand.checkOut(rewrite, in: root, environment: environment)
        return rewrite
    }

    /// Clears `gitsops.locked` and checks out decrypted every filtered file that holds its stored
    /// ciphertext. Returns the paths decrypted and those left encrypted because no key here opens them.
    public func unlock() async throws -> (decrypted: [String], stillEncrypted: [String]) {
        let root = try repository.requireWorkingDirectory(for: "gitsops unlock")
        try repository.unsetConfig(GitsopsConfig.lockedKey)
        var candidates: [(path: String, stored: [UInt8])] = []
        for entry in try FilteredFiles.list(in: repository, from: .workingTree) {
            let stored = try repository.blob(entry.id)
            let format = SopsFormat(path: entry.path)
            guard SopsEngine.isSopsDocument(stored, format: format) || ConflictCarrier.isCarrier(stored),
                  Self.read(root + "/" + entry.path) == stored else { continue }
            candidates.append((entry.path, stored))
        }
        try await GitCommand.checkOut(candidates.map(\.path), in: root, environment: environment)
        var decrypted: [String] = [], stillEncrypted: [String] = []
        for (path, stored) in candidates {
            if Self.read(root + "/" + path) == stored { stillEncrypted.append(path) } else { decrypted.append(path) }
        }
        return (decrypted, stillEncrypted)
    }

    /// The working file's bytes; nil when it is missing (or a symlink: never follow one out of the tree).
    static func read(_ path: String) -> [UInt8]? { try? DescriptorIO.readFile(path, noFollow: true) }
}
