import ArgumentParser
import Diagnostics
import Platform

/// Process entry: picks the command tree from argv[0], runs it, and maps failures to exit codes
/// (0 ok, 1 error, 2 usage, no command included; a command may throw `ExitCode` for its own codes,
/// as `diff` does).
public enum Entry {
    public static func run(arguments: [String]) async -> Never {
        let invokedAs = arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
        let rest = Array(arguments.dropFirst())
        if invokedAs == "kubectl-secrets" {
            await execute(KubectlSecrets.self, rest, tool: "kubectl secrets")
        }
        if rest == ["--version"] {
            Terminal.printOut("gitsops \(GitsopsVersion.current)")
            CurrentProcess.exit(0)
        }
        await execute(Gitsops.self, rest, tool: "gitsops", command: gitCommand(rest))
    }

    /// The commands git runs, in the shapes `gitsops init` configures, built directly: ArgumentParser
    /// finds a command's arguments by reflection, which costs more than a one-file smudge. Any other
    /// shape (options, a path starting with `-`) goes through the parser as usual.
    static func gitCommand(_ arguments: [String]) -> (any ParsableCommand)? {
        if arguments == ["filter-process"] { return Gitsops.FilterProcess() }
        guard arguments.count == 2, !arguments[1].hasPrefix("-"), !arguments[1].isEmpty else { return nil }
        switch arguments[0] {
        case "clean":
            var command = Gitsops.Clean()
            command.path = arguments[1]
            return command
        case "smudge":
            var command = Gitsops.Smudge()
            command.path = arguments[1]
            return command
        case "textconv":
            var command = Gitsops.Textconv()
            command.file = arguments[1]
            return command
        default:
            return nil
        }
    }

    private static func execute<Root: AsyncParsableCommand>(_ root: Root.Type, _ arguments: [String], tool: String,
                                                       command parsed: (any ParsableCommand)? = nil) async -> Never {
        if arguments.isEmpty {
            // No command is a usage error, as in git: the help (on stdout, as git prints it), exit 2.
            Terminal.printOut(root.helpMessage())
            CurrentProcess.exit(2)
        }
        do {
            // The async parse, so completion candidates may come from a child process (kubectl).
            var command = if let parsed { parsed } else { try await root.asyncParseAsRoot(arguments) }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            CurrentProcess.exit(0)
        } catch let error as any GitsopsError {
            for line in ErrorReport.lines(for: error, tool: tool) { Terminal.printError(line) }
            CurrentProcess.exit(1)
        } catch let code as ExitCode {
            CurrentProcess.exit(code.rawValue)
        } catch {
            let code = root.exitCode(for: error)
            if code == .success { root.exit(withError: error) }
            if code == .validationFailure {
                Terminal.printError(root.fullMessage(for: error))
                CurrentProcess.exit(2)
            }
            if let parserMessage = argumentParserMessage(root, error) {
                Terminal.printError(parserMessage)
                CurrentProcess.exit(2)
            }
            for line in ErrorReport.lines(for: error, tool: tool) { Terminal.printError(line) }
            CurrentProcess.exit(code.rawValue == 0 ? 1 : code.rawValue)
        }
    }

    /// ArgumentParser's own usage errors (unknown option, missing argument) print with usage.
    private static func argumentParserMessage<Root: ParsableCommand>(_ root: Root.Type, _ error: any Error) -> String? {
        let typeName = String(reflecting: type(of: error))
        guard typeName.hasPrefix("ArgumentParser.") else { return nil }
        return root.fullMessage(for: error)
    }
}
