import ArgumentParser
import GitFilter

extension Gitsops {
    /// Decrypts the working tree's secrets again.
    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unlock",
            abstract: "Decrypt the secrets that the working tree holds encrypted.",
            discussion: """
                Undoes `gitsops lock`, or decrypts what a checkout without keys left encrypted. Files \
                that still do not decrypt (no key here, damaged) stay as stored, named in one warning.
                """
        )

        func run() async throws {
            let context = try GitContext.load()
            let sync = WorkingTreeSync(repository: context.repository, policy: try context.filterPolicy(cleanCache: true))
            let (decrypted, stillEncrypted) = try await sync.unlock()
            Terminal.printOut("unlocked: \(decrypted.count) file\(decrypted.count == 1 ? "" : "s") decrypted")
            if !stillEncrypted.isEmpty {
                Terminal.printError("gitsops: warning: left encrypted: \(WorkingTreeSync.describe(stillEncrypted)); run `gitsops doctor` for details")
            }
        }
    }
}
