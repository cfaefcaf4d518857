import ArgumentParser
import KubectlPlugin

extension KubectlSecrets {
    /// `kubectl secrets view`.
    struct View: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "view",
            abstract: "Print decrypted manifests.",
            discussion: """
                Decrypts each FILE (a directory contributes every encrypted manifest under it) in memory
                and prints it. Works on locked (ciphertext) and unlocked (plaintext) working trees.

                Examples:
                  # Print a secret as stored, decrypted
                  kubectl secrets view secrets/db.yaml

                  # Show Secret data decoded, as stringData
                  kubectl secrets view secrets/db.yaml --decode

                  # The file as it was two commits ago
                  kubectl secrets view secrets/db.yaml --rev HEAD~2
                """)

        @Argument(help: ArgumentHelp("Files or directories to decrypt.", valueName: "file"), completion: .file())
        var files: [String] = []

        @OptionGroup var revision: RevisionFlag

        @Flag(help: "Show Secret data values base64-decoded, as stringData.")
        var decode = false

        func run() async throws {
            try await ViewCommand(paths: files, revision: revision.revision, decode: decode).run(PluginRuntime.context())
        }
    }
}
