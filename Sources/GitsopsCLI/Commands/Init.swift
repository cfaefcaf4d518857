import ArgumentParser
import GitFilter

extension Gitsops {
    /// Sets a repository up for gitsops.
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Set up this repository: attributes, git config, hooks and .sops.yaml.",
            discussion: """
                Run it once per clone, from any folder of the repository. It routes the pattern \
                (default secrets/**) to the gitsops filter in .gitattributes, configures the filter, \
                diff and merge drivers, installs the pre-commit and pre-push hooks, writes a \
                .sops.yaml rule when --age is given and none exists, and decrypts secrets that a \
                clone checked out encrypted. Running it again changes nothing.

                Example: gitsops init --age age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
                """
        )

        @Option(name: .customLong("pattern"), help: "A .gitattributes pattern to encrypt (repeatable; default: the patterns .gitattributes already routes to gitsops, else secrets/**).")
        var patterns: [String] = []

        @Option(name: .customLong("age"), help: "An age recipient for the new .sops.yaml rule (repeatable).")
        var recipients: [String] = []

        func run() async throws {
            let context = try GitContext.load()
            let setup = RepositorySetup(repository: context.repository, program: GitsopsProgram.invocation(environment: context.environment))
            var changes = try setup.apply(patterns: patterns, ageRecipients: recipients)
            if try context.repository.configValue(GitsopsConfig.lockedKey) != "true" {
                let sync = WorkingTreeSync(repository: context.repository, policy: try context.filterPolicy(cleanCache: true))
                let (decrypted, stillEncrypted) = try await sync.unlock()
                if !decrypted.isEmpty { changes.append("decrypted \(decrypted.count) file\(decrypted.count == 1 ? "" : "s") in the working tree") }
                if !stillEncrypted.isEmpty {
                    changes.append("\(stillEncrypted.count) file\(stillEncrypted.count == 1 ? " stays" : "s stay") encrypted, as stored: \(WorkingTreeSync.describe(stillEncrypted)); run `gitsops doctor` for details")
                }
            }
            let plaintext = try await SecretsCheck(repository: context.repository, rules: nil).run(.workingTree).findings
                .filter { $0.problem.hasPrefix("is not encrypted") }.map(\.path)
            if !plaintext.isEmpty {
                changes.append("\(plaintext.count) tracked file\(plaintext.count == 1 ? " is" : "s are") stored unencrypted (\(plaintext.prefix(3).joined(separator: ", "))\(plaintext.count > 3 ? ", …" : "")): run `git add --renormalize .` and commit to encrypt \(plaintext.count == 1 ? "it" : "them"); earlier commits keep the plaintext, so rotate those secrets")
            }
            if changes.isEmpty { changes = ["gitsops is already set up in this repository"] }
            for line in changes { Terminal.printOut(line) }
        }
    }
}
