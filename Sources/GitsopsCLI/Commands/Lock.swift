import ArgumentParser
import GitFilter

extension Gitsops {
    /// Leaves the working tree's secrets encrypted.
    struct Lock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lock",
            abstract: "Replace the decrypted secrets in the working tree by their ciphertext.",
            discussion: """
                Later checkouts stay encrypted until `gitsops unlock`. Refuses while a filtered \
                file has uncommitted changes; --force discards unstaged ones.
                """
        )

        @Flag(help: "Lock even with uncommitted changes (unstaged changes are lost).")
        var force = false

        func run() async throws {
            let context = try GitContext.load()
            let sync = WorkingTreeSync(repository: context.repository, policy: try context.filterPolicy())
            let locked = try await sync.lock(force: force)
            Terminal.printOut("locked: \(locked.count) file\(locked.count == 1 ? "" : "s") now hold ciphertext")
        }
    }
}
