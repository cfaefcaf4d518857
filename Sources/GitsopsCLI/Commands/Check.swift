import ArgumentParser
import GitFilter

extension Gitsops {
    /// Verifies that what git stores under the filter is encrypted.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check that every filtered file is encrypted and keyed per its .sops.yaml rule.",
            discussion: """
                Checks the index by default (--staged says so explicitly, as the pre-commit hook \
                does), or the commits named by --rev (as the pre-push and pre-receive hooks do). \
                Needs no key; where a key here opens a file, its MAC is verified too, so a damaged \
                secret is refused before a teammate checks it out. Prints each offending file and \
                why; exits 1 if there is any.

                Example: gitsops check --rev HEAD secrets/
                """
        )

        @Flag(help: "Check the staged files (the default).")
        var staged = false

        @Option(help: "Check the files of this commit instead (repeatable).")
        var rev: [String] = []

        @Flag(help: "Scan history instead: every commit reachable from the refs, or from the revisions and ranges given as arguments.")
        var history = false

        @Flag(name: .shortAndLong, help: "Print nothing when every file passes (the hooks' mode).")
        var quiet = false

        @Argument(help: "Files or directories to check (default: all filtered files); with --history, revisions or ranges (A..B).")
        var paths: [String] = []

        func validate() throws {
            if staged && !rev.isEmpty { throw ValidationError("--staged and --rev cannot be combined: pick one source") }
            if history && (staged || !rev.isEmpty) { throw ValidationError("--history scans commits: give them as arguments, not with --staged or --rev") }
        }

        func run() async throws {
            if history { return try HistoryCheck.run(revisions: paths) }
            let context = try GitContext.load()
            let paths = try context.isBare ? self.paths : self.paths.map(context.repositoryPath)
            let sources: [FilteredFiles.Source] = rev.isEmpty ? [.index] : rev.map { .revision($0) }
            var checked = 0, problems = 0
            for source in sources {
                let rules: any CreationRuleSource
                if case .revision(let revision) = source { rules = try context.rules(at: revision) } else { rules = context.rules }
                let result = try await SecretsCheck(repository: context.repository, rules: rules, engine: context.engine,
                                                    cleanCache: context.isBare ? nil : try context.filterPolicy(cleanCache: true).cleanCache)
                    .run(source, paths: paths)
                checked += result.checked.count
                problems += result.findings.count
                let label = if case .revision(let revision) = source { " (\(revision))" } else { "" }
                for finding in result.findings { Terminal.printError("gitsops: \(finding.path)\(label): \(finding.problem)") }
            }
            if problems > 0 {
                Terminal.printError("gitsops: \(problems) of \(checked) encrypted file\(checked == 1 ? "" : "s") failed the check")
                throw ExitCode(1)
            }
            if !quiet { Terminal.printOut("gitsops: \(checked) encrypted file\(checked == 1 ? "" : "s") checked, all encrypted per their rules") }
        }
    }
}
