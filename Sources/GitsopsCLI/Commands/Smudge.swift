import ArgumentParser
import FilterProtocol
import GitFilter

extension Gitsops {
    /// The single-file smudge filter (fallback for git without `filter.<driver>.process`).
    struct Smudge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "smudge",
            abstract: "Decrypt one file from stdin to stdout, as git's smudge filter.",
            discussion: "Without a usable key the file passes through encrypted, with one warning."
        )

        @Argument(help: "The file's path relative to the top of the working tree (git's %f).")
        var path: String

        func run() async throws {
            let context = try GitContext.load()
            try await OneShotFilter.run(.smudge, path: path, policy: context.filterPolicy())
        }
    }
}
