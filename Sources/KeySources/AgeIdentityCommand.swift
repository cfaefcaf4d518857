import Crypto
import Subprocess
import SystemPackage

/// A command that prints age identities or an SSH key, from `SOPS_AGE_KEY_CMD` or
/// `SOPS_AGE_SSH_PRIVATE_KEY_CMD` (§7.2). Split into words like sops (google/shlex) and run without
/// a shell; stdin is /dev/null and stderr the user's terminal (password managers prompt there);
/// stdout is bounded. Errors name the variable and the command's first word, never its output.
struct AgeIdentityCommand: Sendable {
    /// Identity files and SSH keys are a few KiB.
    static let outputLimit = 1 << 20
    /// Long enough to answer a password manager's prompt; a command that hangs must not hang git forever.
    static let timeout = Duration.seconds(120)

    let variable: String
    let commandLine: String
    let environment: [String: String]

    /// "command `<first word>`", for messages: the rest of the line may carry a secret.
    var label: String { "command `\((try? ShellWords.split(commandLine))?.first ?? "")`" }

    /// The command's stdout when it exits with status 0.
    func run() async throws(KeySourceError) -> SecretBytes {
        let words: [String]
        do {
            words = try ShellWords.split(commandLine)
        } catch {
            throw failure("cannot split the value into words: \(error.reason)")
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
        case .exited(let code): throw failure("\(command) exited with status \(code)")
        case .signaled(let signal): throw failure("\(command) was killed by signal \(signal)")
        }
    }

    /// `<variable>: <what went wrong>`; what the command itself said is on the terminal already.
    func failure(_ message: String) -> KeySourceError {
        KeySourceError(.credentials, key: "", "\(variable): \(message)")
    }
}
