public import Subprocess

/// Short-lived child processes whose output is all that matters (completion candidates).
public enum ChildProcess {
    /// What `program` (looked up on PATH) writes to stdout, up to `limit` bytes, with stdin empty
    /// and stderr discarded, however it exits; nil when it cannot be started.
    public static func output(of program: String, _ arguments: [String], limit: Int = 1 << 20) async -> String? {
        let result = try? await Subprocess.run(.name(program), arguments: Arguments(arguments),
                                               output: .string(limit: limit), error: .discarded)
        return result?.standardOutput
    }
}
