public import Repository
import Sops

/// `gitsops check --history`: every commit of a history, for the two ways a secret leaks into it:
/// a filtered path (per that commit's `.gitattributes`) stored unencrypted, and a commit whose
/// `.gitattributes` stops filtering a path that was filtered in its parent and is still there.
/// Needs no key; reports commit and path, never a value.
///
/// Each commit is compared with its first parent (a root commit with the empty tree): only the
/// files it adds or changes are checked, each distinct blob once per format; when a
/// `.gitattributes` changes, every file of the commit is re-evaluated against the new attributes.
/// A path holding the same unencrypted blob is reported once, at the oldest commit scanned.
public struct HistoryScan {
    /// One problem in one commit.
    public struct Finding: Sendable, Equatable {
        public let commit: CommitSummary
        public let path: String
        public let problem: String
    }

    public let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    /// Scans the commits `revisions` name (`git rev-list` syntax; none: every ref and HEAD);
    /// returns how many commits were scanned and the findings, oldest commit first.
    public func run(_ revisions: [String]) throws -> (commits: Int, findings: [Finding]) {
        let commits = try repository.commits(revisions)
        let check = SecretsCheck(repository: repository, rules: nil)
        var verdicts: [String: String?] = [:]  // blob id + format → problem (nil: encrypted)
        var findings: [Finding] = []
        var reported: Set<String> = []  // path + blob id
        for commit in commits.reversed() {
            let changes = try repository.changes(from: commit.parents.first, to: commit.id)
            let attributesChanged = changes.contains { $0.path == ".gitattributes" || $0.path.hasSuffix("/.gitattributes") }
            let candidates = attributesChanged ? try repository.files(at: commit.id.description) : changes.compactMap(\.new)
            let source = AttributeSource.commit(commit.id)
            for entry in candidates where try isFiltered(entry.path, source) {
                let key = "\(entry.id) \(SopsFormat(path: entry.path).rawValue)"
                let verdict: String?
                if let known = verdicts[key] {
                    verdict = known
                } else {
                    let bytes = try repository.blob(entry.id)
                    verdict = ConflictCarrier.isCarrier(bytes) ? nil : check.problem(with: bytes, path: entry.path)
                    verdicts[key] = verdict
                }
                if let verdict, reported.insert("\(entry.id) \(entry.path)").inserted {
                    findings.append(Finding(commit: commit, path: entry.path, problem: verdict))
                }
            }
            if attributesChanged {
                findings += try unfiltered(in: commit, stillHolding: Set(candidates.map(\.path)))
            }
        }
        return (commits.count, findings)
    }

    /// Paths that a parent of `commit` filtered and `commit` still holds but no longer filters.
    private func unfiltered(in commit: CommitSummary, stillHolding paths: Set<String>) throws -> [Finding] {
        var findings: [Finding] = []
        var reported: Set<String> = []
        for parent in commit.parents {
            for entry in try repository.files(at: parent.description) where paths.contains(entry.path) && !reported.contains(entry.path) {
                guard try isFiltered(entry.path, .commit(parent)), try !isFiltered(entry.path, .commit(commit.id)) else { continue }
                reported.insert(entry.path)
                findings.append(Finding(commit: commit, path: entry.path,
                                        problem: "its .gitattributes no longer routes this secret through the gitsops filter"))
            }
        }
        return findings
    }

    private func isFiltered(_ path: String, _ source: AttributeSource) throws -> Bool {
        try repository.attribute("filter", for: path, from: source) == .value(GitsopsConfig.driver)
    }
}
