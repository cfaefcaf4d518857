public import Repository
public import Sops

/// `gitsops ls`: which keys every filtered file is encrypted for, under which `.sops.yaml` rule,
/// and whether this user's keys open it. Reads the stored (encrypted) blobs only; the access check
/// recovers each file's data key and nothing more, so no value is ever decrypted.
public struct SecretsInventory {
    /// What is known about one filtered file.
    public struct Entry: Sendable {
        /// The path relative to the top of the working tree.
        public let path: String
        /// The file's sops metadata; nil when the stored file is not a sops document.
        public let metadata: SopsMetadata?
        /// What is wrong with the stored file (as `gitsops check` says it), if anything.
        public let problem: String?
        /// The `.sops.yaml` rule for the path; nil when none applies (see `ruleProblem`).
        public let rule: CreationRule?
        public let ruleProblem: String?
        /// Whether the file's key groups are the rule's (nil when either is unknown).
        public let matchesRule: Bool?
        /// Whether this user's keys recover the data key (nil: not checked).
        public var decryptable: Bool?
        /// Why they do not, when they do not.
        public var accessProblem: String?
    }

    public let repository: Repository
    public let rules: any CreationRuleSource
    public let engine: SopsEngine

    public init(repository: Repository, rules: any CreationRuleSource, engine: SopsEngine) {
        self.repository = repository
        self.rules = rules
        self.engine = engine
    }

    /// The filtered files of `source` under `paths`, in index or tree order; with `checkAccess`,
    /// each file's data key is recovered through this machine's keys (several at once).
    public func entries(_ source: FilteredFiles.Source, paths: [String] = [], checkAccess: Bool) async throws -> [Entry] {
        let check = SecretsCheck(repository: repository, rules: nil)
        var entries: [Entry] = []
        for file in try FilteredFiles.list(in: repository, from: source, paths: paths) {
            let (metadata, problem) = check.examine(try repository.blob(file.id), path: file.path)
            var rule: CreationRule?, ruleProblem: String?
            do { rule = try rules.rule(for: file.path) } catch { ruleProblem = "\((error as? any CustomStringConvertible)?.description ?? "\(error)")" }
            let matches = metadata.flatMap { metadata in rule.map { SecretsCheck.sameKeys(metadata, $0) } }
            entries.append(Entry(path: file.path, metadata: metadata, problem: problem,
                                 rule: rule, ruleProblem: ruleProblem, matchesRule: matches))
        }
        guard checkAccess else { return entries }
        return await withTaskGroup(of: (Int, SopsError?).self) { tasks in
            var next = 0
            func start() {
                while next < entries.count, entries[next].metadata == nil { next += 1 }
                guard next < entries.count, let metadata = entries[next].metadata else { return }
                let index = next, engine = engine
                next += 1
                tasks.addTask {
                    do throws(SopsError) { try await engine.recoverDataKey(metadata); return (index, nil) } catch { return (index, error) }
                }
            }
            // A bounded number at once: each may be a KMS round trip.
            for _ in 0..<Self.concurrentChecks { start() }
            for await (index, error) in tasks {
                entries[index].decryptable = error == nil
                entries[index].accessProblem = error?.message
                start()
            }
            return entries
        }
    }

    static let concurrentChecks = 16
}
