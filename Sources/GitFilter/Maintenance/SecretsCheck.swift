public import Repository
import KeySources
public import Sops

/// `gitsops check`: every filtered file is a sops document with sound metadata, every value its
/// selection rule covers is encrypted, and its keys are those of its `.sops.yaml` rule. Needs no
/// key; with one, each document's MAC is verified too, so a damaged secret is refused before a
/// teammate's checkout meets it.
public struct SecretsCheck {
    /// One problem with one file.
    public struct Finding: Sendable, Equatable {
        public let path: String
        public let problem: String
    }

    public let repository: Repository
    /// The rules to compare keys against; nil skips that comparison.
    public let rules: (any CreationRuleSource)?
    /// Decrypts each document to verify its MAC where a key here opens it; nil checks without keys.
    public let engine: SopsEngine?
    /// Blobs this clone already decrypted and verified (`CleanCache`) are not decrypted again.
    public let cleanCache: CleanCache?

    public init(repository: Repository, rules: (any CreationRuleSource)?, engine: SopsEngine? = nil, cleanCache: CleanCache? = nil) {
        self.repository = repository
        self.rules = rules
        self.engine = engine
        self.cleanCache = cleanCache
    }

    /// Checks the filtered files of `source` under `paths`; returns the paths checked and the findings.
    public func run(_ source: FilteredFiles.Source, paths: [String] = []) async throws -> (checked: [String], findings: [Finding]) {
        let files = try FilteredFiles.list(in: repository, from: source, paths: paths)
        var findings: [Finding] = []
        for entry in files {
            let bytes = try repository.blob(entry.id)
            var problem = problem(with: bytes, path: entry.path)
            if problem == nil, !bytes.isEmpty, let engine, cleanCache?.hasVerified(entry.id, path: entry.path) != true {
                problem = await Self.verification(of: bytes, path: entry.path, engine: engine)
            }
            if let problem { findings.append(Finding(path: entry.path, problem: problem)) }
        }
        return (files.map(\.path), findings)
    }

    /// What decrypting `bytes` finds wrong (a MAC that does not verify, a value that does not
    /// decrypt); nil when it verifies, or when no key here opens it.
    static func verification(of bytes: [UInt8], path: String, engine: SopsEngine) async -> String? {
        do {
            if ConflictCarrier.isCarrier(bytes) { return nil }
            let format = SopsFormat(path: path)
            if format == .binary, try await engine.decryptBinary(bytes) != nil { return nil }
            _ = try await engine.decrypt(bytes, format: format)
            return nil
        } catch where error.code == .dataKey {
            return nil
        } catch {
            // A part of an encrypted file staged with `git add -p` gets here too.
            return "\(SopsFilterPolicy.reason(error)); stage the whole file again (`git add \(path)`), or restore it from an earlier commit"
        }
    }

    /// What is wrong with the stored bytes of `path`, if anything.
    public func problem(with bytes: [UInt8], path: String) -> String? {
        examine(bytes, path: path).problem
    }

    /// The sops metadata of the stored bytes of `path` (nil when they are not a sops document) and
    /// what is wrong with them, from one parse.
    public func examine(_ bytes: [UInt8], path: String) -> (metadata: SopsMetadata?, problem: String?) {
        if bytes.isEmpty { return (nil, nil) }
        if ConflictCarrier.isCarrier(bytes) { return (nil, "holds an unresolved merge conflict") }
        let audited: (metadata: SopsMetadata, coverage: Result<SopsEngine.Coverage, SopsError>)?
        do { audited = try SopsEngine.audit(bytes, format: SopsFormat(path: path)) } catch { return (nil, "is a \(error.message)") }
        guard let audit = audited else { return (nil, "is not encrypted: not a sops document") }
        return (audit.metadata, problem(with: audit, path: path))
    }

    private func problem(with audit: (metadata: SopsMetadata, coverage: Result<SopsEngine.Coverage, SopsError>), path: String) -> String? {
        let metadata = audit.metadata
        let inClear: [String]
        switch audit.coverage {
        case .success(let coverage): inClear = coverage.clearButSelected
        case .failure(let error): return "has unreadable sops metadata: \(error.message)"
        }
        if !inClear.isEmpty {
            return "has values in clear that its selection rule says to encrypt: \(inClear.prefix(5).joined(separator: ", "))"
        }
        if metadata.mac.isEmpty { return "has no MAC (sops refuses to decrypt it)" }
        guard let rules else { return nil }
        let rule: CreationRule
        do { rule = try rules.rule(for: path) } catch { return "\((error as? any CustomStringConvertible)?.description ?? "\(error)")" }
        if !Self.sameKeys(metadata, rule) {
            return "is encrypted for other keys than its .sops.yaml rule names (run `gitsops updatekeys`)"
        }
        return nil
    }

    /// Whether the file's key groups hold the rule's keys (by identity, spec §9.4), as updatekeys compares.
    static func sameKeys(_ metadata: SopsMetadata, _ rule: CreationRule) -> Bool {
        metadata.keyGroups.count == rule.keyGroups.count
            && zip(metadata.keyGroups, rule.keyGroups).allSatisfy { Set($0.map(\.identity)) == Set($1.map(\.identity)) }
    }
}
