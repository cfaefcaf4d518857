public import Repository
public import Sops

/// Creation rules for the files of a repository, from its `.sops.yaml` (found from the top of
/// the working tree upwards, or `SOPS_CONFIG`), or from the `.sops.yaml` committed at a revision:
/// the one rule lookup of the filter, the git commands and `kubectl secrets`.
///
/// Unlike `sops encrypt`, sops' key variables (`SOPS_AGE_RECIPIENTS`, …) do not replace the
/// rule's keys: what a repository stores is decided by its `.sops.yaml`, not by one user's shell.
public struct RepositoryRules: CreationRuleSource {
    /// The config, or why it could not be read (reported for every file that needs a rule).
    let config: Result<SopsConfig?, SopsError>
    /// Where file paths (relative to the working tree root) are anchored for matching.
    let root: String
    /// What to do when no `.sops.yaml` is found.
    private let missingHint: String

    private init(config: Result<SopsConfig?, SopsError>, root: String,
                 missingHint: String = "add a .sops.yaml at the top of the repository (`gitsops init --age RECIPIENT` writes one)") {
        self.config = config
        self.root = root
        self.missingHint = missingHint
    }

    /// The `.sops.yaml` the working tree sees.
    public init(repository: Repository, environment: [String: String]) {
        let root = repository.workingDirectory ?? repository.gitDirectory
        self.init(config: Result { () throws(SopsError) in try SopsConfig.discover(from: root, environment: environment) }, root: root)
    }

    /// The `.sops.yaml` committed at the top of `revision`; the working tree's when it has none.
    public init(repository: Repository, revision: String, environment: [String: String]) throws {
        if let bytes = try repository.blob(at: revision, path: ".sops.yaml") {
            self.init(config: Result { () throws(SopsError) in try SopsConfig(parsing: bytes, path: "/.sops.yaml") }.map { $0 }, root: "/")
        } else {
            self.init(repository: repository, environment: environment)
        }
    }

    /// The rules for a file written outside git (`kubectl secrets create/edit/import`) at
    /// `absolutePath`, and its path as `rule(for:)` takes it. Inside a working tree: that
    /// repository's rules, the ones `git add` applies to the file. Outside any: sops' lookup,
    /// `SOPS_CONFIG` or the nearest `.sops.yaml` from the file's folder upwards.
    public static func forFile(at absolutePath: String, environment: [String: String]) -> (rules: RepositoryRules, path: String) {
        let slash = absolutePath.lastIndex(of: "/") ?? absolutePath.startIndex
        let folder = slash == absolutePath.startIndex ? "/" : String(absolutePath[..<slash])
        if let repository = try? Repository.discover(from: folder, environment: environment), let top = repository.workingDirectory,
           absolutePath.hasPrefix(top + "/") {
            return (RepositoryRules(repository: repository, environment: environment), String(absolutePath.dropFirst(top.count + 1)))
        }
        let config = Result { () throws(SopsError) in try SopsConfig.discover(from: folder, environment: environment) }
        return (RepositoryRules(config: config, root: "/", missingHint: "add a .sops.yaml with a creation rule in the file's folder or above it"),
                String(absolutePath.drop { $0 == "/" }))
    }

    /// The rule for `path` (relative to the working tree root); errors name `path` and say what is wrong.
    public func rule(for path: String) throws -> CreationRule {
        let loaded: SopsConfig?
        switch config {
        case .success(let config): loaded = config
        case .failure(let error):
            throw GitFilterError(.notConfigured, "cannot use \(error.path ?? ".sops.yaml"): \(error.message)", path: path, hint: error.hint)
        }
        guard let loaded else {
            throw GitFilterError(.notConfigured, "no .sops.yaml found, so no creation rule applies", path: path, hint: missingHint)
        }
        do {
            return try loaded.rule(for: (root == "/" ? "" : root) + "/" + path)
        } catch {
            throw GitFilterError(.notConfigured, error.message, path: path, hint: error.hint)
        }
    }

    /// The config's `stores` settings (defaults when it has none or does not read).
    public var storeSettings: StoreSettings { (try? config.get())??.stores ?? StoreSettings() }
}
