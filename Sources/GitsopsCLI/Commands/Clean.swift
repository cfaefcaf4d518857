import ArgumentParser
import FilterProtocol
import GitFilter

extension Gitsops {
    /// The single-file clean filter (fallback for git without `filter.<driver>.process`).
    struct Clean: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clean",
            abstract: "Encrypt one file from stdin to stdout, as git's clean filter.",
            discussion: "git runs `gitsops clean %f`; `gitsops filter-process` does the same for many files in one process."
        )

        @Argument(help: "The file's path relative to the top of the working tree (git's %f).")
        var path: String

        func run() async throws {
            let context = try GitContext.load()
            try await OneShotFilter.run(.clean, path: path, policy: context.filterPolicy())
        }
    }
}
