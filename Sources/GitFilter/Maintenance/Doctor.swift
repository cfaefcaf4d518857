public import Repository
public import Sops
import Platform

/// `gitsops doctor`: what is configured, what is missing, and how to fix each gap.
public struct Doctor {
    /// One finding: a passed check or a problem with its fix.
    public struct Item: Sendable, Equatable {
        public let ok: Bool
        public let message: String
        public let fix: String?
    }

    public let repository: Repository
    public let engine: SopsEngine
    public let rules: any CreationRuleSource
    public let environment: [String: String]

    public init(repository: Repository, engine: SopsEngine, rules: any CreationRuleSource, environment: [String: String]) {
        self.repository = repository
        self.engine = engine
        self.rules = rules
        self.environment = environment
    }

    public func run() async throws -> [Item] {
        let root = try repository.requireWorkingDirectory(for: "gitsops doctor")
        var items: [Item] = []
        let program = try repository.configValue(GitsopsConfig.programKey) ?? "gitsops"
        items += try configuration(program: program)
        items += try hooks(root: root)
        let files = try FilteredFiles.list(in: repository, from: .workingTree)
        items.append(files.isEmpty
            ? Item(ok: false, message: "no tracked file is routed to the gitsops filter",
                   fix: "add secrets under secrets/ (or run `gitsops init --pattern GLOB`) and commit them")
            : Item(ok: true, message: "\(files.count) tracked file\(files.count == 1 ? " is" : "s are") routed to the gitsops filter", fix: nil))
        items += rulesCoverage(files)
        items += try await keys(files)
        if try repository.configValue(GitsopsConfig.lockedKey) == "true" {
            items.append(Item(ok: true, message: "the working tree is locked: secrets are checked out encrypted", fix: "run `gitsops unlock` to decrypt them"))
        } else {
            items += try await leftEncrypted(files, root: root)
        }
        return items
    }

    /// Files the working tree holds as stored because they do not decrypt here, and why.
    private func leftEncrypted(_ files: [IndexEntry], root: String) async throws -> [Item] {
        var kept: [WorkingTreeSync.KeptEncrypted] = []
        let policy = SopsFilterPolicy(engine: engine, repository: nil, rules: rules)
        for entry in files {
            let stored = try repository.blob(entry.id)
            guard !stored.isEmpty, SopsEngine.mayBeSopsDocument(stored) || ConflictCarrier.isCarrier(stored),
                  WorkingTreeSync.read(root + "/" + entry.path) == stored else { continue }
            if let warning = try await policy.smudge(stored, path: entry.path).warning, warning.keptAsStored {
                kept.append(WorkingTreeSync.KeptEncrypted(path: entry.path, reason: warning.reason))
            }
        }
        guard !kept.isEmpty else { return [] }
        return [Item(ok: false, message: "\(kept.count) file\(kept.count == 1 ? " is" : "s are") checked out encrypted, as stored: \(WorkingTreeSync.describe(kept, naming: .max))",
                     fix: "with a usable key, run `gitsops unlock`; restore a damaged file from an earlier commit (`git log -- FILE`) or re-encrypt it from its plaintext")]
    }

    private func configuration(program: String) throws -> [Item] {
        var items: [Item] = []
        let missing = try GitsopsConfig.entries(program: program).filter { try repository.configValue($0.key) != $0.value }
        if missing.isEmpty {
            items.append(Item(ok: true, message: "filter, diff and merge drivers are configured (\(program))", fix: nil))
        } else {
            items.append(Item(ok: false, message: "git config lacks \(missing.map(\.key).joined(separator: ", "))", fix: "run `gitsops init`"))
        }
        for key in GitsopsConfig.forbiddenKeys where RepositorySetup.isTrue(try repository.configValue(key)) {
            items.append(Item(ok: false, message: "\(key) is set: git would store decrypted diffs in refs/notes/textconv",
                              fix: "run `git config \(key) false`, then `git update-ref -d refs/notes/textconv`"))
        }
        if !runnable(program) {
            items.append(Item(ok: false, message: "git cannot run `\(program)`",
                              fix: "put gitsops on PATH, or rerun `gitsops init` with the binary you want git to use"))
        }
        return items
    }

    private func hooks(root: String) throws -> [Item] {
        let directory = try RepositorySetup.hooksDirectory(repository, root: root)
        return Hooks.installed.map { name, _ in
            let text = (try? RepositorySetup.read(directory + "/" + name)).map { String(decoding: $0, as: UTF8.self) }
            if let text, text.contains("gitsops") {
                return Item(ok: true, message: "the \(name) hook runs gitsops", fix: nil)
            }
            return Item(ok: false, message: text == nil ? "no \(name) hook" : "the \(name) hook does not run gitsops",
                        fix: text == nil ? "run `gitsops init`" : "add `gitsops check` to \(directory)/\(name)")
        }
    }

    private func rulesCoverage(_ files: [IndexEntry]) -> [Item] {
        var uncovered: [String] = []
        var reason = ""
        for entry in files {
            do { _ = try rules.rule(for: entry.path) } catch {
                uncovered.append(entry.path)
                reason = (error as? any CustomStringConvertible)?.description ?? "\(error)"
            }
        }
        if uncovered.isEmpty {
            return files.isEmpty ? [] : [Item(ok: true, message: ".sops.yaml has a creation rule for every filtered file", fix: nil)]
        }
        return [Item(ok: false, message: "no usable creation rule for \(uncovered.count) file\(uncovered.count == 1 ? "" : "s") (\(uncovered.prefix(3).joined(separator: ", "))): \(reason)",
                     fix: "add a rule to .sops.yaml whose path_regex matches them")]
    }

    /// Tries to open one file per distinct set of keys.
    private func keys(_ files: [IndexEntry]) async throws -> [Item] {
        var byKeys: [[String]: [IndexEntry]] = [:]
        for entry in files {
            let stored = try repository.blob(entry.id)
            let format = SopsFormat(path: entry.path)
            guard SopsEngine.isSopsDocument(stored, format: format), let metadata = try? SopsEngine.inspect(stored, format: format) else { continue }
            byKeys[metadata.keyGroups.map { $0.map { "\($0.type.rawValue):\($0.identity)" }.sorted().joined(separator: ",") }, default: []].append(entry)
        }
        var items: [Item] = []
        for (keys, entries) in byKeys.sorted(by: { $0.value.count > $1.value.count }) {
            let sample = entries[0]
            let count = "\(entries.count) file\(entries.count == 1 ? "" : "s")"
            let stored = try repository.blob(sample.id)
            do throws(SopsError) {
                _ = try await engine.decrypt(stored, format: SopsFormat(path: sample.path))
                items.append(Item(ok: true, message: "a key here decrypts \(count) encrypted for \(keys.joined(separator: " | "))", fix: nil))
            } catch {
                items.append(Item(ok: false, message: "no key here decrypts \(count) encrypted for \(keys.joined(separator: " | ")) (e.g. \(sample.path))",
                                  fix: error.code == .dataKey ? "set SOPS_AGE_KEY_FILE (or SOPS_AGE_KEY, GNUPGHOME, cloud credentials) so one of those keys is usable" : error.message))
            }
        }
        return items
    }

    /// Whether `program` (a shell word) names an executable file, directly or on PATH.
    private func runnable(_ program: String) -> Bool {
        var word = program
        if word.hasPrefix("'") && word.hasSuffix("'") && word.count >= 2 {
            word = String(word.dropFirst().dropLast()).replacing(#"'\''"#, with: "'")
        }
        if word.contains("/") { return Files.isExecutable(word) }
        let path = environment["PATH"] ?? ""
        return path.split(separator: ":").contains { Files.isExecutable("\($0)/\(word)") }
    }
}
