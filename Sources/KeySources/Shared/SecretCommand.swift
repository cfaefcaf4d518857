import Crypto
import Diagnostics
import Platform
import Subprocess
import SystemPackage

/// A command whose standard output is a secret: age identities or an SSH key from
/// `SOPS_AGE_KEY_CMD` / `SOPS_AGE_SSH_PRIVATE_KEY_CMD` (§7.2; split into words like sops, with
/// google/shlex, and run without a shell), or AWS credentials from a profile's
/// `credential_process` (run with `sh -c`, as the AWS SDKs do). stdin is /dev/null (a git filter's
/// stdin is git's protocol) and stderr the user's terminal (password managers and MFA prompts
/// write there); stdout is bounded and zeroed after use. Errors name where the command came from
/// and its first word, never its output.
struct SecretCommand: Sendable {
    /// The command, and how it becomes a process.
    enum Invocation: Sendable {
        /// A line split into words (google/shlex), no shell.
        case words(String)
        /// A line run with `sh -c`.
        case shell(String)
        /// These words, as they are (a command gitsops composes itself).
        case arguments([String])
    }

    /// Identity files, SSH keys and credential documents are a few KiB.
    static let outputLimit = 1 << 20
    /// Long enough to answer a password manager's prompt; a command that hangs must not hang git forever.
    static let timeout = Duration.seconds(120)

    /// Where the command line came from, for messages: `SOPS_AGE_KEY_CMD`, `AWS profile dev: credential_process`.
    let origin: String
    let invocation: Invocation
    let environment: [String: String]
    /// The master key the command's output is for (named in errors), if any.
    var key = ""

    /// "command `<first word>`", for messages: the rest of the line may carry a secret.
    var label: String {
        switch invocation {
        case .words(let line), .shell(let line): "command `\((try? ShellWords.split(line))?.first ?? "")`"
        case .arguments(let words): "command `\(words.first ?? "")`"
        }
    }

    /// The command's stdout when it exits with status 0.
    func run() async throws(KeySourceError) -> SecretBytes {
        let words: [String]
        switch invocation {
        case .shell(let line):
            words = ["/bin/sh", "-c", line]
        case .arguments(let given):
            words = given
        case .words(let line):
            do {
                words = try ShellWords.split(line)
            } catch {
                throw failure("cannot split the value into words: \(error.reason)")
            }
        }
        guard let name = words.first, !name.isEmpty else { throw failure("the value names no command") }
        let command = label
        var configuration = Configuration(executable: name.contains("/") ? .path(FilePath(name)) : .name(name),
                                          arguments: Arguments(Array(words.dropFirst())),
                                          environment: .custom(Dictionary(uniqueKeysWithValues: environment.map {
                                              (Environment.Key(stringLiteral: $0.key), $0.value)
                                          })))
        configuration.platformOptions.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: .seconds(1))]
        let prepared = configuration
        let result: (status: TerminationStatus, stdout: [UInt8])?
        do {
            result = try await withThrowingTaskGroup(of: (status: TerminationStatus, stdout: [UInt8])?.self) { group in
                group.addTask {
                    let run = try await Subprocess.run(prepared, input: .none, output: .bytes(limit: Self.outputLimit),
                                                       error: .currentStandardError)
                    return (run.terminationStatus, run.standardOutput)
                }
                group.addTask {
                    try await Task.sleep(for: Self.timeout)
                    return nil
                }
                defer { group.cancelAll() }
                return try await group.next() ?? nil
            }
        } catch let error as SubprocessError where error.code == .executableNotFound {
            throw failure("\(command) not found")
        } catch let error as SubprocessError where error.code == .outputLimitExceeded {
            throw failure("\(command) printed more than \(Self.outputLimit >> 20) MiB")
        } catch {
            throw failure("cannot run \(command): \(error)")
        }
        guard var result else { throw failure("\(command) did not finish within \(Self.timeout)") }
        defer { Memory.zero(&result.stdout) }
        switch result.status {
        case .exited(0): return SecretBytes(result.stdout)
        default: throw failure("\(command) \(result.status.phrase)")
        }
    }

    /// `<origin>: <what went wrong>`; what the command itself said is on the terminal already.
    func failure(_ message: String) -> KeySourceError {
        KeySourceError(.credentials, key: key, "\(origin): \(message)")
    }
}
