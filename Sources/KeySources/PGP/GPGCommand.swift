import Crypto
import Subprocess
import SystemPackage

/// Runs `gpg` (or `$SOPS_GPG_EXEC`) as sops does for PGP keys (§7.3): secrets only on stdin and
/// stdout, bounded output, a deadline, and the caller's environment (so `GNUPGHOME` is honoured).
struct GPGCommand: Sendable {
    /// An armored message for a 4096-bit key is about 1 KiB; allow far more than that, not unbounded.
    static let outputLimit = 256 * 1024
    static let errorLimit = 64 * 1024
    /// stdin is written into a pipe before gpg starts, so it must fit the smallest pipe buffer.
    static let inputLimit = 16 * 1024

    let environment: [String: String]
    let timeout: Duration

    struct Output {
        var succeeded: Bool
        var stdout: SecretBytes
        var stderr: String

        /// gpg's reason in one line: the first line that says what failed (gpg's root cause comes
        /// first, e.g. `public key decryption failed: No pinentry` before `decryption failed: No
        /// secret key`), else the last line.
        var reason: String {
            let lines = stderr.split(whereSeparator: \.isNewline).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            let line = lines.first { $0.contains("failed") || $0.contains("skipped") }
                ?? lines.last ?? "gpg exited with an error and printed nothing"
            return String(line.prefix(300))
        }
    }

    /// `SOPS_GPG_EXEC` (a path, or a name looked up on the environment's PATH) or `gpg`.
    var executableName: String { environment["SOPS_GPG_EXEC"].flatMap { $0.isEmpty ? nil : $0 } ?? "gpg" }

    var executable: Executable {
        executableName.contains("/") ? .path(FilePath(executableName)) : .name(executableName)
    }

    /// `--homedir $GNUPGHOME` when the environment sets it, then `--batch` and `arguments`.
    func arguments(_ arguments: [String]) -> [String] {
        var all = [String]()
        if let home = environment["GNUPGHOME"], !home.isEmpty { all += ["--homedir", home] }
        return all + ["--batch"] + arguments
    }

    /// Runs gpg with `input` on stdin; gives up after `timeout`, terminating gpg.
    func run(_ arguments: [String], input: SecretBytes, key: String) async throws(KeySourceError) -> Output {
        guard input.count <= Self.inputLimit else {
            throw KeySourceError(.invalidKey, key: key, "input for gpg is larger than \(Self.inputLimit / 1024) KiB")
        }
        var configuration = Configuration(executable: executable, arguments: Arguments(self.arguments(arguments)),
                                          environment: .custom(Dictionary(uniqueKeysWithValues: environment.map {
                                              (Environment.Key(stringLiteral: $0.key), $0.value)
                                          })))
        configuration.platformOptions.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: .milliseconds(500))]
        let timeout = self.timeout, prepared = configuration
        let raw: Raw?
        do {
            raw = try await withThrowingTaskGroup(of: Raw?.self) { group in
                group.addTask { try await Self.execute(prepared, input: input) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                defer { group.cancelAll() }
                return try await group.next() ?? nil
            }
        } catch let error as SubprocessError where error.code == .executableNotFound {
            throw KeySourceError(.unsupported, key: key, "cannot run \(executableName): not found",
                                 hint: "install GnuPG, or set SOPS_GPG_EXEC to the gpg binary")
        } catch let error as SubprocessError where error.code == .outputLimitExceeded {
            throw KeySourceError(.failed, key: key, "gpg wrote more output than a data key needs")
        } catch {
            throw KeySourceError(.failed, key: key, "cannot run \(executableName): \(error)")
        }
        guard var raw else {
            throw KeySourceError(.unreachable, key: key, "\(executableName) did not finish within \(timeout)",
                                 hint: "a gpg-agent or pinentry may be waiting for input")
        }
        defer { Memory.zero(&raw.stdout) }
        return Output(succeeded: raw.succeeded, stdout: SecretBytes(raw.stdout), stderr: String(decoding: raw.stderr, as: UTF8.self))
    }

    private struct Raw: Sendable {
        var succeeded: Bool
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    /// Runs to completion; returns only the captured arrays, so the caller holds the sole copy of
    /// stdout and can clear it. stdin is a pipe filled and closed before gpg starts: gpg may exit
    /// without reading it, and nothing then writes into a closed pipe (no SIGPIPE).
    private static func execute(_ configuration: Configuration, input: SecretBytes) async throws -> Raw {
        let (readEnd, writeEnd) = try FileDescriptor.pipe(options: .closeOnExec)
        defer { try? readEnd.close() }
        try writeEnd.closeAfter {
            _ = try input.withUnsafeBytes { try writeEnd.writeAll($0) }
        }
        let result = try await Subprocess.run(configuration, input: .fileDescriptor(readEnd, closeAfterSpawningProcess: false),
                                              output: .bytes(limit: outputLimit), error: .bytes(limit: errorLimit))
        return Raw(succeeded: result.terminationStatus.isSuccess, stdout: result.standardOutput, stderr: result.standardError)
    }
}
