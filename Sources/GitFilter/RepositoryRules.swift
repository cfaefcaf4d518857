import GitFilter
import Repository
import Sops

/// Creation rules for the files of a repository, from its `.sops.yaml` (found from the top of
/// the working tree upwards, or `SOPS_CONFIG`), or from the `.sops.yaml` committed at a revision.
///
/// Unlike `sops encrypt`, sops' key variables (`SOPS_AGE_RECIPIENTS`, …) do not replace the
/// rule's keys: what a repository stores is decided by its `.sops.yaml`, not by one user's shell.
struct RepositoryRules: CreationRuleSource {
    /// The config, or why it could not be read (reported for every file that needs a rule).
    let config: Result<SopsConfig?, SopsError>
    /// Where file paths (relative to the working tree root) are anchored for matching.
    let root: String

    private init(config: Result<SopsConfig?, SopsError>, root: String) {
        self.config = config
        self.root = root
    }

    /// The `.sops.yaml` the working tree sees.
    init(repository: Repository, environment: [String: String]) {
        let root = repository.workingDirectory ?? repository.gitDirectory
        self.init(config: Result { () throws(SopsError) in try SopsConfig.discover(from: root, environment: environment) }, root: root)
    }

    /// The `.sops.yaml` committed at the top of `revision`; the working tree's when it has none.
    init(repository: Repository, revision: String, environment: [String: String]) throws {
        if let bytes = try repository.blob(at: revision, path: ".sops.yaml") {
            self.init(config: Result { () throws(SopsError) in try SopsConfig(parsing: bytes, path: "/.sops.yaml") }.map { $0 }, root: "/")
        } else {
            self.init(repository: repository, environment: environment)
        }
    }

    /// The rule for `path`; errors name `path` (the file git is adding) and say what is wrong.
    func rule(for path: String) throws -> CreationRule {
        let loaded: SopsConfig?
        switch config {
        case .success(let config): loaded = config
        case .failure(let error):
            throw GitFilterError(.notConfigured, "cannot use \(error.path ?? ".sops.yaml"): \(error.message)", path: path, hint: error.hint)
        }
        guard let loaded else {
            throw GitFilterError(.notConfigured, "no .sops.yaml found, so no creation rule applies", path: path,
                                 hint: "add a .sops.yaml at the top of the repository (`gitsops init --age RECIPIENT` writes one)")
        }
        do {
            return try loaded.rule(for: (root == "/" ? "" : root) + "/" + path)
        } catch {
            throw GitFilterError(.notConfigured, error.message, path: path, hint: error.hint)
        }
    }

    var storeSettings: StoreSettings { (try? config.get())??.stores ?? StoreSettings() }
}
