public import SystemPackage

/// `diff.gitsops.textconv`: a file as git should show it in diffs. git hands over a temporary copy
/// of each side (named like the original, so its extension gives the format).
public enum Textconv {
    /// What both sides show when git would write the diff into `.git/COMMIT_EDITMSG`.
    public static let hiddenInCommitMessage = "(gitsops: not shown: git commit -v would keep the decrypted diff in .git/COMMIT_EDITMSG)\n"

    /// Writes `file` decrypted to `output`; a file that is not encrypted, or that no key here
    /// opens, is written as it is (with the policy's warning on `diagnostics`). Under
    /// `git commit -v` it writes `hiddenInCommitMessage` instead: git keeps that diff on disk.
    public static func run(file: String, policy: SopsFilterPolicy, output: FileDescriptor = .standardOutput,
                           diagnostics: FileDescriptor = .standardError) async throws {
        if CommitMessageWriter.isAncestorWriting() {
            try DescriptorIO.write(output, Array(hiddenInCommitMessage.utf8))
            return
        }
        let content = try DescriptorIO.readFile(file)
        let unlocked = SopsFilterPolicy(engine: policy.engine, repository: policy.repository, rules: policy.rules, locked: false)
        let shown = try await unlocked.smudge(content, path: file)
        if let warning = shown.warning { DescriptorIO.writeLine(diagnostics, "gitsops: warning: \(warning)") }
        try DescriptorIO.write(output, shown.content)
    }
}
