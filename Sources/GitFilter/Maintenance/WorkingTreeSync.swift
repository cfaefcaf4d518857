public import Repository
import Sops
import SystemPackage

/// `gitsops lock` / `unlock` (and the re-checkout after `gitsops init` in a fresh clone): rewrites
/// the filtered files of the working tree as their stored ciphertext or as plaintext.
public struct WorkingTreeSync {
    public let repository: Repository
    /// Decrypts staged blobs (its `locked` flag is ignored here).
    public let policy: SopsFilterPolicy
    /// For `git update-index --refresh` (PATH, HOME, keys for the filter process it starts).
    public let environment: [String: String]

    public init(repository: Repository, policy: SopsFilterPolicy, environment: [String: String]) {
        self.repository = repository
        self.policy = SopsFilterPolicy(engine: policy.engine, repository: policy.repository, rules: policy.rules, locked: false)
        self.environment = environment
    }

    /// Writes every filtered file as its staged ciphertext and sets `gitsops.locked`, so later
    /// checkouts stay encrypted. Refuses while a filtered file has uncommitted changes, unless `force`
    /// (which discards the unstaged ones). Returns the paths rewritten.
    public func lock(force: Bool) async throws -> [String] {
        let root = try repository.requireWorkingDirectory(for: "gitsops lock")
        let files = try FilteredFiles.list(in: repository, from: .workingTree)
        var changed: [String] = []
        var rewrite: [(path: String, bytes: [UInt8])] = []
        for entry in files {
            let stored = try repository.blob(entry.id)
            let current = Self.read(root + "/" + entry.path)
            let committed = repository.hasCommits ? try repository.blob(at: "HEAD", path: entry.path) : nil
            if committed != stored { changed.append(entry.path) }
            if current == stored { continue }
            let unmodified = try await policy.smudge(stored, path: entry.path).content
            if current != unmodified && !changed.contains(entry.path) { changed.append(entry.path) }
            rewrite.append((entry.path, stored))
        }
        if !changed.isEmpty && !force {
            throw GitFilterError(.refused, "uncommitted changes in \(changed.count) encrypted file\(changed.count == 1 ? "" : "s"): \(changed.prefix(5).joined(separator: ", "))\(changed.count > 5 ? ", …" : "")",
                                 hint: "commit or stash them first, or run `gitsops lock --force` to discard unstaged changes")
        }
        try repository.setConfig(GitsopsConfig.lockedKey, to: "true")
        for (path, bytes) in rewrite { try AtomicFile.replace(root + "/" + path, with: bytes) }
        try await GitCommand.refreshIndex(in: root, environment: environment)
        return rewrite.map(\.path)
    }

    /// Clears `gitsops.locked` and decrypts every filtered file that holds its stored ciphertext.
    /// Returns the paths decrypted and those left encrypted because no key here opens them.
    public func unlock() async throws -> (decrypted: [String], stillEncrypted: [String]) {
        let root = try repository.requireWorkingDirectory(for: "gitsops unlock")
        try repository.unsetConfig(GitsopsConfig.lockedKey)
        var decrypted: [String] = [], stillEncrypted: [String] = []
        for entry in try FilteredFiles.list(in: repository, from: .workingTree) {
            let stored = try repository.blob(entry.id)
            guard Self.read(root + "/" + entry.path) == stored else { continue }
            let smudged = try await policy.smudge(stored, path: entry.path)
            if smudged.content == stored {
                if smudged.warning != nil { stillEncrypted.append(entry.path) }
                continue
            }
            try AtomicFile.replace(root + "/" + entry.path, with: smudged.content)
            decrypted.append(entry.path)
        }
        if !decrypted.isEmpty { try await GitCommand.refreshIndex(in: root, environment: environment) }
        return (decrypted, stillEncrypted)
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let fd = try? FileDescriptor.open(FilePath(path), .readOnly, options: [.noFollow]) else { return nil }
        return try? fd.closeAfter { try DescriptorIO.readAll(fd) }
    }
}
