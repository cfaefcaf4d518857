import GitFilter
import KeySources
import Platform
import Repository
import Sops

/// What the git-facing commands share: the environment, the repository around the current
/// directory, the sops engine with this machine's key services, and the creation rules.
struct GitContext {
    let environment: [String: String]
    /// The current directory (git runs filters and drivers at the top of the working tree).
    let directory: String
    let repository: Repository
    let engine: SopsEngine
    let rules: any CreationRuleSource

    static func load() throws -> GitContext {
        let environment = CurrentProcess.environment()
        let directory = Files.currentDirectory()
        let repository = try Repository.discover(from: directory, environment: environment)
        return GitContext(environment: environment, directory: directory, repository: repository,
                          engine: SopsEngine(keyServices: .standard(environment: environment), environment: environment),
                          rules: RepositoryRules(repository: repository, environment: environment))
    }

    /// Whether the repository has no working tree (a server running the pre-receive hook).
    var isBare: Bool { repository.isBare }

    /// The creation rules as of `revision` (its `.sops.yaml`), for checking history.
    func rules(at revision: String) throws -> any CreationRuleSource {
        try RepositoryRules(repository: repository, revision: revision, environment: environment)
    }

    /// The filter policy, honouring `gitsops lock` (`gitsops.locked`) and leaving files encrypted
    /// in what `git archive` writes; with `cleanCache` (the filter process) it remembers what
    /// unchanged plaintexts clean to, and a locked tree erases that.
    func filterPolicy(cleanCache: Bool = false) throws -> SopsFilterPolicy {
        let locked = try repository.configValue(GitsopsConfig.lockedKey) == "true"
        if locked { CleanCache.erase(gitDirectory: repository.gitDirectory) }
        let stores = rules.storeSettings
        // Spelled out as `"\(stores)"` prints it (existing caches stay valid), without reflection.
        let context = "StoreSettings(yamlIndent: \(stores.yamlIndent), jsonIndent: \(stores.jsonIndent), jsonBinaryIndent: \(stores.jsonBinaryIndent))"
        let cache = cleanCache && !locked ? CleanCache(gitDirectory: repository.gitDirectory, context: context) : nil
        return SopsFilterPolicy(engine: engine, repository: repository, rules: rules,
                                locked: locked || ArchiveDetection.keepsEncrypted(environment: environment), cleanCache: cache)
    }

    /// `userPath` (relative to the current directory, or absolute) as a path relative to the top of
    /// the working tree; throws for paths outside it.
    func repositoryPath(_ userPath: String) throws -> String {
        let root = try repository.requireWorkingDirectory(for: "this command")
        let rootReal = Files.realPath(root) ?? root
        var components: [Substring] = []
        let absolute = userPath.hasPrefix("/") ? userPath : directory + "/" + userPath
        for component in absolute.split(separator: "/") {
            if component == "." { continue }
            if component == ".." { _ = components.popLast(); continue }
            components.append(component)
        }
        let normalized = "/" + components.joined(separator: "/")
        for base in [rootReal, root] {
            if normalized == base { return "" }
            if normalized.hasPrefix(base + "/") { return String(normalized.dropFirst(base.count + 1)) }
        }
        throw GitFilterError(.refused, "is outside the repository at \(root)", path: userPath)
    }
}
