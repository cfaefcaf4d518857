import Diagnostics
import Platform
import Subprocess

/// Runs the demo's commands the way a user would type them, printing `$ command` and the output
/// indented, in a sandbox environment (its own HOME, git config, age key and PATH).
struct DemoShell {
    let environment: [String: String]
    /// Where relative command paths start.
    var directory: String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Prints a step heading.
    func step(_ number: Int, _ title: String) {
        Terminal.printOut("\n\(number). \(title)")
    }

    /// Prints a line of narration.
    func say(_ text: String) {
        Terminal.printOut("   \(text)")
    }

    /// Runs `arguments`, shows it and its output (at most `maxLines` lines), and returns stdout.
    /// A non-zero exit fails the demo unless `allowFailure`.
    @discardableResult
    func run(_ arguments: [String], shown: String? = nil, maxLines: Int = 40, allowFailure: Bool = false,
             quiet: Bool = false) async throws -> String {
        if !quiet { Terminal.printOut("   $ " + (shown ?? arguments.joined(separator: " "))) }
        let configuration = Configuration(
            executable: .name(arguments[0]), arguments: Arguments(Array(arguments.dropFirst())),
            environment: .custom(Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })),
            workingDirectory: .init(directory))
        let result = try await Subprocess.run(configuration, output: .string(limit: 1 << 22), error: .string(limit: 1 << 20))
        let out = result.standardOutput
        let err = result.standardError
        if !quiet { show(out + err, maxLines: maxLines) }
        guard case .exited(let code) = result.terminationStatus, code == 0 || allowFailure else {
            if quiet { show(err, maxLines: maxLines) }
            throw Failure(description: "`\(shown ?? arguments.joined(separator: " "))` \(result.terminationStatus.phrase)")
        }
        return out
    }

    /// Prints text indented, eliding the middle of long outputs.
    func show(_ text: String, maxLines: Int) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        if lines.count > maxLines {
            let head = lines.prefix(maxLines - 4), tail = lines.suffix(3)
            lines = Array(head) + ["…"] + Array(tail)
        }
        for line in lines { Terminal.printOut("     " + line) }
    }

    /// Writes a file (relative to `directory`).
    func write(_ relative: String, _ contents: String) throws {
        let path = directory + "/" + relative
        if let slash = path.lastIndex(of: "/") { try makeDirectories(String(path[..<slash])) }
        do {
            try AtomicFile.replace(path, with: Array(contents.utf8))
        } catch {
            throw Failure(description: "cannot write \(path)")
        }
    }

    /// Reads a file's bytes (relative to `directory`, or absolute).
    func read(_ path: String) throws -> [UInt8] {
        let full = path.hasPrefix("/") ? path : directory + "/" + path
        do {
            return try Files.read(full)
        } catch {
            throw Failure(description: "cannot read \(full)")
        }
    }

    /// A check the demo asserts; prints `✓ <claim>` or fails the demo.
    func check(_ condition: Bool, _ claim: String) throws {
        guard condition else { throw Failure(description: "demo check failed: \(claim)") }
        Terminal.printOut("   ✓ \(claim)")
    }

    /// Whether an executable `name` is on the sandbox's PATH.
    func onPath(_ name: String) -> Bool {
        (environment["PATH"] ?? "").split(separator: ":").contains { Files.isExecutable("\($0)/\(name)") }
    }

    func makeDirectories(_ path: String) throws {
        do {
            try Files.createDirectories(path, permissions: [.ownerReadWriteExecute, .groupReadExecute, .otherReadExecute])
        } catch {
            throw Failure(description: error.message)
        }
    }
}
