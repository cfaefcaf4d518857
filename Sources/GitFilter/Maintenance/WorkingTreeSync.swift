import FilterProtocol
public import Repository
import Sops
import Platform
import SystemPackage

/// `gitsops lock` / `unlock` (and the decryption after `gitsops init` in a fresh clone): rewrites
/// the filtered files of the working tree as their stored ciphertext or as plaintext.
///
/// Each file is replaced atomically (a temporary file beside it, then a rename), so at every
/// moment it holds what it held before or what it should hold, never nothing; then its new stat
/// data goes into its index entry (blob unchanged), as git records a file it checks out. Nothing
/// runs `git checkout`: a checkout that fails half-way has already removed files.
public struct WorkingTreeSync {
    public let repository: Repository
    /// Decrypts stored blobs (its `locked` flag is ignored); its clean cache, if any, learns each
    /// decryption, so the next `git status` finds the files unchanged without decrypting again.
    public let policy: SopsFilterPolicy

    /// Files decrypted at once (each may wait on a key service).
    static let concurrentDecryptions = 16

    public init(repository: Repository, policy: SopsFilterPolicy) {
        self.repository = repository
        self.policy = SopsFilterPolicy(engine: policy.engine, repository: policy.repository, rules: policy.rules, locked: false,
                                       cleanCache: policy.cleanCache)
    }

    /// A file left encrypted by `unlock`, and why.
    public struct KeptEncrypted: Sendable, Equatable {
        public let path: String
        public let reason: String
    }

    /// Writes every filtered file as its staged ciphertext and sets `gitsops.locked`, so later
    /// checkouts stay encrypted. Refuses while a filtered file has uncommitted changes, unless `force`
    /// (which discards the unstaged ones). Returns the paths rewritten.
    public func lock(force: Bool) async throws -> [String] {
        let root = try repository.requireWorkingDirectory(for: "gitsops lock")
        var changed: [String] = []
        var rewrite: [(entry: IndexEntry, stored: [UInt8], current: [UInt8]?)] = []
        for entry in try Self.regularFiles(repository) {
            let stored = try repository.blob(entry.id)
            let current = Self.read(root + "/" + entry.path)
            let committed = repository.hasCommits ? try repository.blob(at: "HEAD", path: entry.path) : nil
            if committed != stored { changed.append(entry.path) }
            if current == stored { continue }
            let unmodified = try await policy.smudge(stored, path: entry.path).content
            if current != unmodified && !changed.contains(entry.path) { changed.append(entry.path) }
            rewrite.append((entry, stored, current))
        }
        if !changed.isEmpty && !force {
            throw GitFilterError(.refused, "uncommitted changes in \(changed.count) encrypted file\(changed.count == 1 ? "" : "s"): \(changed.prefix(5).joined(separator: ", "))\(changed.count > 5 ? ", …" : "")",
                                 hint: "commit or stash them first, or run `gitsops lock --force` to discard unstaged changes")
        }
        try repository.setConfig(GitsopsConfig.lockedKey, to: "true")
        // A locked tree holds no plaintext for the clean cache to match.
        CleanCache.erase(gitDirectory: repository.gitDirectory)
        var written: [(path: String, previous: [UInt8]?)] = []
        try await withRollback(of: { written }, root: root, undoing: { try? repository.unsetConfig(GitsopsConfig.lockedKey) }) {
            for (entry, stored, current) in rewrite {
                let path = root + "/" + entry.path
                try Files.createDirectories(String(path[..<path.lastIndex(of: "/")!]), permissions: [.ownerReadWriteExecute, .groupReadExecute, .otherReadExecute])
                try AtomicFile.replace(path, with: stored, permissions: entry.mode & 0o111 == 0 ? [.ownerReadWrite, .groupRead, .otherRead]
                                                                                                 : [.ownerReadWriteExecute, .groupReadExecute, .otherReadExecute])
                written.append((entry.path, current))
            }
            try repository.recordCheckedOut(rewrite.map { ($0.entry.path, $0.entry.id) })
        }
        return rewrite.map(\.entry.path)
    }

    /// Clears `gitsops.locked` and decrypts every filtered file that holds its stored ciphertext.
    /// Returns the paths decrypted and those left encrypted (no key here, damaged), with why.
    public func unlock() async throws -> (decrypted: [String], stillEncrypted: [KeptEncrypted]) {
        let root = try repository.requireWorkingDirectory(for: "gitsops unlock")
        try repository.unsetConfig(GitsopsConfig.lockedKey)
        var candidates: [(path: String, id: ObjectID, stored: [UInt8])] = []
        for entry in try Self.regularFiles(repository) {
            let stored = try repository.blob(entry.id)
            guard !stored.isEmpty, Self.read(root + "/" + entry.path) == stored else { continue }
            candidates.append((entry.path, entry.id, stored))
        }
        let results = await smudgeAll(candidates.map { ($0.path, $0.stored) })
        var decrypted: [(path: String, id: ObjectID)] = [], stillEncrypted: [KeptEncrypted] = []
        var written: [(path: String, previous: [UInt8]?)] = []
        try await withRollback(of: { written }, root: root) {
            for ((path, id, stored), result) in zip(candidates, results) {
                if result.content != stored, result.warning?.keptAsStored != true {
                    try AtomicFile.replace(root + "/" + path, with: result.content)
                    written.append((path, stored))
                    decrypted.append((path, id))
                } else if SopsEngine.mayBeSopsDocument(stored) || ConflictCarrier.isCarrier(stored) {
                    stillEncrypted.append(KeptEncrypted(path: path, reason: result.warning?.reason ?? "not decrypted"))
                }
            }
            try repository.recordCheckedOut(decrypted)
        }
        policy.cleanCache?.save()
        return (decrypted.map(\.path), stillEncrypted)
    }

    /// The smudge of each file, `concurrentDecryptions` at a time (in the order given).
    private func smudgeAll(_ files: [(path: String, stored: [UInt8])]) async -> [Smudged] {
        var results: [Smudged] = []
        var start = 0
        while start < files.count {
            let batch = files[start..<min(start + Self.concurrentDecryptions, files.count)]
            start = batch.endIndex
            let smudged = await withTaskGroup(of: (Int, Smudged).self) { group in
                for (index, file) in zip(batch.indices, batch) {
                    group.addTask { [policy] in
                        (index, (try? await policy.smudge(file.stored, path: file.path)) ?? Smudged(file.stored))
                    }
                }
                var byIndex: [Int: Smudged] = [:]
                for await (index, result) in group { byIndex[index] = result }
                return byIndex
            }
            results += batch.indices.map { smudged[$0] ?? Smudged(files[$0].stored) }
        }
        return results
    }

    /// Runs `body`; if it fails, the files it wrote (`written()`) get their previous bytes back
    /// (a file that did not exist goes again), so the working tree matches the index as before,
    /// and `undoing` runs.
    private func withRollback(of written: () -> [(path: String, previous: [UInt8]?)], root: String,
                              undoing: () -> Void = {}, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            undoing()
            for (path, previous) in written().reversed() {
                if let previous { try? AtomicFile.replace(root + "/" + path, with: previous) } else { Files.remove(root + "/" + path) }
            }
            throw error
        }
    }

    /// Filtered regular files (a symlink is never filtered by git).
    static func regularFiles(_ repository: Repository) throws -> [IndexEntry] {
        try FilteredFiles.list(in: repository, from: .workingTree).filter { $0.mode & 0o170000 == 0o100000 }
    }

    /// "a.yaml, b.yaml (no usable key here); c.yaml (…)": files left encrypted, grouped by reason,
    /// at most `limit` named per reason.
    public static func describe(_ kept: [KeptEncrypted], naming limit: Int = 5) -> String {
        SmudgeWarnings.grouped(kept.map { ($0.path, $0.reason) }, naming: limit)
    }

    /// The working file's bytes; nil when it is missing (or a symlink: never follow one out of the tree).
    static func read(_ path: String) -> [UInt8]? { try? Files.read(path, noFollow: true) }
}
