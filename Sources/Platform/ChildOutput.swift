import Subprocess

/// What a short-lived child process prints (completion candidates from kubectl).
public enum ChildOutput {
    /// What `program` (looked up on PATH) writes to stdout, up to `limit` bytes, with stdin empty
    /// and stderr discarded, however it exits; nil when it cannot be started.
    public static func of(_ program: String, _ arguments: [String], limit: Int = 1 << 20) async -> String? {
        let result = try? await Subprocess.run(.name(program), arguments: Arguments(arguments),
                                               output: .string(limit: limit), error: .discarded)
        return result?.standardOutput
    }
}
