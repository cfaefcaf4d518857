import ArgumentParser
import GitFilter

extension Gitsops {
    /// Decrypts the working tree's secrets again.
    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unlock",
            abstract: "Decrypt the secrets that the working tree holds encrypted.",
            discussion: "Undoes `gitsops lock`, or decrypts what a checkout without keys left encrypted."
        )

        func run() async throws {
            let context = try GitContext.load()
            let sync = WorkingTreeSync(repository: context.repository, policy: try context.filterPolicy(), environment: context.environment)
            let (decrypted, stillEncrypted) = try await sync.unlock()
            Terminal.printOut("unlocked: \(decrypted.count) file\(decrypted.count == 1 ? "" : "s") decrypted")
            if !stillEncrypted.isEmpty {
                throw GitFilterError(.failed, "\(stillEncrypted.count) file\(stillEncrypted.count == 1 ? "" : "s") stay encrypted: no key here opens \(stillEncrypted.prefix(3).joined(separator: ", "))",
                                     hint: "run `gitsops doctor` to see which keys they need")
            }
        }
    }
}
