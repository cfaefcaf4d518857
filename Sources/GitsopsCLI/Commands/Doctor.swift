import ArgumentParser
import GitFilter

extension Gitsops {
    /// Explains the repository's gitsops setup.
    struct Doctor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "doctor",
            abstract: "Say what is configured, what is missing, and how to fix each gap.",
            discussion: "Checks the drivers, hooks, .sops.yaml coverage and which keys work here; exits 1 if anything needs fixing."
        )

        func run() async throws {
            let context = try GitContext.load()
            let items = try await GitFilter.Doctor(repository: context.repository, engine: context.engine,
                                                   rules: context.rules, environment: context.environment).run()
            for item in items {
                Terminal.printOut("\(item.ok ? "ok  " : "FAIL") \(item.message)")
                if let fix = item.fix { Terminal.printOut("     fix: \(fix)") }
            }
            if items.contains(where: { !$0.ok }) { throw ExitCode(1) }
        }
    }
}
