import Subprocess

/// Runs `git` for the few things libgit2 cannot do for gitsops (anything that must run the
/// gitsops filter itself, such as refreshing the index's stat data).
enum GitCommand {
    /// Runs `git arguments` in `directory`; returns the exit code and stderr.
    @discardableResult
    static func run(_ arguments: [String], in directory: String, environment: [String: String]) async throws -> (status: Int32, stderr: String) {
        let configuration = Configuration(executable: .name("git"), arguments: Arguments(arguments),
                                          environment: .custom(Dictionary(uniqueKeysWithValues: environment.map {
                                              (Environment.Key(stringLiteral: $0.key), $0.value)
                                          })), workingDirectory: .init(directory))
        let result = try await Subprocess.run(configuration, output: .discarded, error: .string(limit: 1 << 16))
        guard case .exited(let code) = result.terminationStatus else {
            throw GitFilterError(.failed, "git \(arguments.first ?? "") was killed: \(result.terminationStatus)")
        }
        return (code, result.standardError)
    }

    /// `git update-index -q --refresh`: records the new stat data of rewritten files (git runs the
    /// clean filter on each, which returns the staged blob, so nothing is restaged).
    static func refreshIndex(in directory: String, environment: [String: String]) async throws {
        try await run(["update-index", "-q", "--refresh"], in: directory, environment: environment)
    }
}
