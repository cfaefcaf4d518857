import ArgumentParser
import GitFilter

extension Gitsops {
    /// Lists the filtered files with their keys, rule and whether this user can decrypt them.
    struct Ls: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls",
            abstract: "List every filtered file with its .sops.yaml rule, its keys and whether you can decrypt it.",
            discussion: """
                The inventory of which keys protect which files: per file its creation rule, its key \
                groups (KMS ARNs with roles and contexts, age recipients, PGP fingerprints, ...), its \
                lastmodified, and whether your keys recover its data key (only the data key is \
                unwrapped: no value is decrypted or printed). Reads the staged files, or the files of \
                --rev. --json prints the same as JSON (fields in docs/cluster-workflow.md).

                Example: gitsops ls --json secrets/prod/ | jq '.files[].key_groups'
                """
        )

        @Option(help: ArgumentHelp("List the files of this commit instead of the staged ones.", valueName: "revision"))
        var rev: String?

        @Flag(help: "Print JSON.")
        var json = false

        @Flag(name: .customLong("no-access-check"), help: "Do not try this user's keys (no KMS calls, nothing unwrapped).")
        var noAccessCheck = false

        @Argument(help: "Files or directories to list (default: all filtered files).")
        var paths: [String] = []

        func run() async throws {
            let context = try GitContext.load()
            let paths = try context.isBare ? self.paths : self.paths.map(context.repositoryPath)
            let rules = try rev.map { try context.rules(at: $0) } ?? context.rules
            let inventory = SecretsInventory(repository: context.repository, rules: rules, engine: context.engine)
            let entries = try await inventory.entries(rev.map { .revision($0) } ?? .index, paths: paths, checkAccess: !noAccessCheck)
            if json {
                Terminal.writeOut(Array(InventoryReport.json(entries, revision: rev).utf8))
            } else if entries.isEmpty {
                Terminal.printError("gitsops: no filtered files" + (rev.map { " at \($0)" } ?? ""))
            } else {
                Terminal.writeOut(Array(InventoryReport.text(entries).utf8))
            }
        }
    }
}
