import ArgumentParser

extension Gitsops {
    /// Walks through gitsops end to end in a temporary directory.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Show the end-to-end story of gitsops in a temporary directory, step by step."
        )

        func run() async throws {
            Terminal.printOut("gitsops \(GitsopsVersion.current) demo")
        }
    }
}
