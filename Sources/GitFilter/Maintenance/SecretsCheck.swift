public import Repository
import KeySources
import Sops

/// `gitsops check`: every filtered file is a sops document with sound metadata, every value its
/// selection rule covers is encrypted, and its keys are those of its `.sops.yaml` rule. Needs no key.
public struct SecretsCheck {
    /// One problem with one file.
    public struct Finding: Sendable, Equatable {
        public let path: String
        public let problem: String
    }

    public let repository: Repository
    /// The rules to compare keys against; nil skips that comparison.
    public let rules: (any CreationRuleSource)?

    public init(repository: Repository, rules: (any CreationRuleSource)?) {
        self.repository = repository
        self.rules = rules
    }

    /// Checks the filtered files of `source` under `paths`; returns the paths checked and the findings.
    public func run(_ source: FilteredFiles.Source, paths: [String] = []) throws -> (checked: [String], findings: [Finding]) {
        let files = try FilteredFiles.list(in: repository, from: source, paths: paths)
        var findings: [Finding] = []
        for entry in files {
            if let problem = try problem(with: repository.blob(entry.id), path: entry.path) {
                findings.append(Finding(path: entry.path, problem: problem))
            }
        }
        return (files.map(\.path), findings)
    }

    /// What is wrong with the stored bytes of `path`, if anything.
    public func problem(with bytes: [UInt8], path: String) -> String? {
        if ConflictCarrier.isCarrier(bytes) { return "holds an unresolved merge conflict" }
        let format = SopsFormat(path: path)
        guard let audit = SopsEngine.audit(bytes, format: format) else { return "is not encrypted: not a sops document" }
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
