import Glibc
import Subprocess

/// Runs `git` for the few things libgit2 cannot do for gitsops (anything that must run the
/// gitsops filter itself, such as refreshing the index's stat data).
enum GitCommand {
    /// Runs `git arguments` in `directory`; returns the exit code and stderr.
    @discardableResult
    static func run(_ arguments: [String], in directory: String, environment: [String: String],
                    input: [UInt8] = []) async throws -> (status: Int32, stderr: String) {
        let configuration = Configuration(executable: .name("git"), arguments: Arguments(arguments),
                                          environment: .custom(Dictionary(uniqueKeysWithValues: environment.map {
                                              (Environment.Key(stringLiteral: $0.key), $0.value)
                                          })), workingDirectory: .init(directory))
        let result = try await Subprocess.run(configuration, input: .array(input), output: .discarded, error: .string(limit: 1 << 16))
        guard case .exited(let code) = result.terminationStatus else {
            throw GitFilterError(.failed, "git \(arguments.first ?? "") was killed: \(result.terminationStatus)")
        }
        return (code, result.standardError)
    }

    /// `git checkout -- paths` (from the index): git rewrites the working files through the smudge
    /// filter and records their new stat data in the index (so `git status` stays clean). Unlike
    /// `checkout-index`, `checkout` lets the filter delay smudges, so files wrapped for a remote key
    /// service are decrypted concurrently.
    static func checkOut(_ paths: [String], in directory: String, environment: [String: String]) async throws {
        guard !paths.isEmpty else { return }
        // checkout skips a file whose stat data matches the index: make it not match.
        for path in paths { markStale(directory + "/" + path) }
        let list: [UInt8] = paths.flatMap { Array($0.utf8) + [0] }
        let result = try await run(["--literal-pathspecs", "checkout", "--quiet", "--pathspec-from-file=-", "--pathspec-file-nul"],
                                   in: directory, environment: environment, input: list)
        guard result.status == 0 else {
            throw GitFilterError(.failed, "git checkout failed: \(result.stderr.split(separator: "\n").first ?? "")")
        }
    }

    /// Sets a file's times to 1970-01-01T00:00:01Z, which no index entry records.
    private static func markStale(_ path: String) {
        var times = [timespec(tv_sec: 1, tv_nsec: 0), timespec(tv_sec: 1, tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, path, &times, AT_SYMLINK_NOFOLLOW)
    }
}
