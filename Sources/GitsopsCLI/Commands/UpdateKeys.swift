import ArgumentParser
import Diagnostics
import GitFilter

extension Gitsops {
    /// Re-wraps data keys for the keys `.sops.yaml` names now.
    struct UpdateKeys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "updatekeys",
            abstract: "Re-encrypt the data keys of filtered files for their current .sops.yaml keys.",
            discussion: """
                Like `sops updatekeys`: values stay as they are, the key stanzas follow the rule. \
                The new ciphertext is staged; commit it to share the change.
                """
        )

        @Argument(help: "Files or directories (default: all filtered files).")
        var paths: [String] = []

        func run() async throws {
            try await KeyMaintenanceCommand.run(.updateKeys, paths: paths)
        }
    }

    /// Gives filtered files a new data key.
    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate",
            abstract: "Re-encrypt filtered files with a new data key.",
            discussion: """
                Like `sops rotate`: every value is encrypted again under a fresh data key wrapped \
                for the same master keys. The new ciphertext is staged; commit it.
                """
        )

        @Argument(help: "Files or directories (default: all filtered files).")
        var paths: [String] = []

        func run() async throws {
            try await KeyMaintenanceCommand.run(.rotate, paths: paths)
        }
    }
}

/// What updatekeys and rotate share: the run, a progress bar on a terminal, the summary.
enum KeyMaintenanceCommand {
    static func run(_ operation: KeyMaintenance.Operation, paths: [String]) async throws {
        let context = try GitContext.load()
        let maintenance = KeyMaintenance(repository: context.repository, engine: context.engine, rules: context.rules)
        let progress = ProgressBar()
        let results = try await maintenance.run(operation, paths: paths.map(context.repositoryPath)) { done, total, path in
            progress.update(done: done, total: total, label: path)
        }
        progress.finish()
        var updated = 0, failed = 0
        for (path, outcome) in results {
            switch outcome {
            case .updated:
                updated += 1
                Terminal.printOut("\(operation == .rotate ? "rotated" : "updated") \(path)")
            case .upToDate:
                Terminal.printOut("\(path) already up to date")
            case .notEncrypted:
                Terminal.printOut("\(path) is not encrypted yet: skipped")
            case .failed(let error):
                failed += 1
                for line in ErrorReport.lines(for: FileError(error, path: path)) { Terminal.printError(line) }
            }
        }
        if updated > 0 { Terminal.printOut("staged \(updated) file\(updated == 1 ? "" : "s"): commit to share the new keys") }
        if failed > 0 { throw ExitCode(1) }
    }
}
