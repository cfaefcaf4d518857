import FilterProtocol
public import SystemPackage
import Platform

/// `diff.gitsops.textconv`: a file as git should show it in diffs. git hands over each side as it
/// would check it out (smudged, so usually plaintext): the working file itself, or a temporary
/// copy named like the original (so its extension gives the format).
public enum Textconv {
    /// What a side shows under `git commit -v` when gitsops cannot tell its stored form (nothing).
    public static let hiddenInCommitMessage = "(gitsops: not shown: git commit -v would keep the decrypted diff in .git/COMMIT_EDITMSG)\n"

    /// Writes `file` decrypted to `output`; a file that is not encrypted, or that no key here
    /// opens, is written as it is (with the policy's warning on `diagnostics`). Under
    /// `git commit -v`, which keeps the diff on disk, it writes a `CommitMessageOutline` instead.
    public static func run(file: String, policy: SopsFilterPolicy, output: FileDescriptor = .standardOutput,
                           diagnostics: FileDescriptor = .standardError) async throws {
        let content = try Files.read(file)
        let unlocked = SopsFilterPolicy(engine: policy.engine, repository: policy.repository, rules: policy.rules, locked: false)
        if CommitMessageWriter.isAncestorWriting() {
            try DescriptorIO.write(output, Array(await CommitMessageOutline.render(content, file: file, policy: unlocked).utf8))
            return
        }
        let shown = try await unlocked.smudge(content, path: file)
        if let line = SmudgeWarnings.summary(shown.warning.map { [(file, $0)] } ?? []) { DescriptorIO.writeLine(diagnostics, line) }
        try DescriptorIO.write(output, shown.content)
    }
}
