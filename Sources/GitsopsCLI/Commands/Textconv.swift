import ArgumentParser
import GitFilter

extension Gitsops {
    /// `diff.gitsops.textconv`: readable diffs of encrypted files.
    struct Textconv: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "textconv",
            abstract: "Print a file decrypted, for git diff, git log -p and git show.",
            discussion: """
                git runs `gitsops textconv FILE` on both sides of a diff. A file that is not \
                encrypted, or that no key here opens, is printed as it is.
                """
        )

        @Argument(help: "The file git wants to show (its name gives the format).")
        var file: String

        func run() async throws {
            let context = try GitContext.load()
            try await GitFilter.Textconv.run(file: file, policy: context.filterPolicy())
        }
    }
}
