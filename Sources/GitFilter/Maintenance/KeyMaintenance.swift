public import Repository
public import Sops

/// `gitsops updatekeys` / `rotate`: rewrites the staged ciphertext of filtered files so the next
/// commit carries the new key stanzas (updatekeys) or a new data key (rotate). The working tree is
/// untouched: its plaintext is the same.
public struct KeyMaintenance {
    public enum Operation: Sendable { case updateKeys, rotate }

    public enum Outcome: Sendable {
        case updated
        case upToDate
        /// Not a sops document (yet): nothing to re-key.
        case notEncrypted
        case failed(any Error)
    }

    public let repository: Repository
    public let engine: SopsEngine
    public let rules: any CreationRuleSource

    public init(repository: Repository, engine: SopsEngine, rules: any CreationRuleSource) {
        self.repository = repository
        self.engine = engine
        self.rules = rules
    }

    /// Runs `operation` on the filtered files under `paths`, reporting progress as (done, total, path).
    public func run(_ operation: Operation, paths: [String],
                    progress: (Int, Int, String) -> Void = { _, _, _ in }) async throws -> [(path: String, outcome: Outcome)] {
        let files = try FilteredFiles.list(in: repository, from: .workingTree, paths: paths)
        var results: [(path: String, outcome: Outcome)] = []
        for (i, entry) in files.enumerated() {
            progress(i, files.count, entry.path)
            let outcome: Outcome
            do {
                outcome = try await rekey(entry, operation)
            } catch {
                outcome = .failed(error)
            }
            results.append((entry.path, outcome))
        }
        progress(files.count, files.count, "")
        return results
    }

    private func rekey(_ entry: IndexEntry, _ operation: Operation) async throws -> Outcome {
        let stored = try repository.blob(entry.id)
        let format = SopsFormat(path: entry.path)
        guard SopsEngine.isSopsDocument(stored, format: format) else { return .notEncrypted }
        let rewritten: [UInt8]?
        switch operation {
        case .updateKeys: rewritten = try await engine.updateKeys(stored, format: format, rule: rules.rule(for: entry.path))
        case .rotate: rewritten = try await engine.rotate(stored, format: format)
        }
        guard let rewritten, rewritten != stored else { return .upToDate }
        try repository.updateIndexEntry(entry.path, to: repository.writeBlob(rewritten))
        return .updated
    }
}
