import Foundation
import TestSupport
import Testing

/// `.pre-commit-hooks.yaml` as a team using the pre-commit framework (from PyPI) meets it:
/// `pre-commit try-repo` with the hook, the built `gitsops` first on PATH.
@Suite struct PreCommitHookTests {
    /// A git repository holding only the package's `.pre-commit-hooks.yaml`, committed (what
    /// `try-repo` clones), so the test does not depend on the package's own git state.
    private static func hookRepository(_ repo: GitsopsRepository) throws -> URL {
        let hooks = try Data(contentsOf: SharedFixtures.packageRoot.appendingPathComponent(".pre-commit-hooks.yaml"))
        try repo.sandbox.initRepository("hooks")
        try repo.sandbox.write("hooks/.pre-commit-hooks.yaml", hooks)
        try repo.git(["add", "."], in: "hooks")
        try repo.git(["commit", "-q", "-m", "hooks"], in: "hooks")
        return repo.sandbox.url("hooks")
    }

    private static func tryRepo(_ repo: GitsopsRepository, _ hooks: URL) throws -> Command.Result {
        try repo.sandbox.run("python3", ["-m", "pre_commit", "try-repo", hooks.path, "gitsops-check", "--color", "never"])
    }

    @Test func refusesAStagedPlaintextSecretAndPassesAnEncryptedOne() throws {
        let repo = try GitsopsRepository()
        let hooks = try Self.hookRepository(repo)
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "gitsops init"])

        // A clone where nobody ran `gitsops init`: .gitattributes names the filter, git has none
        // configured, so `git add` stages the plaintext.
        try repo.git(["config", "--remove-section", "filter.gitsops"])
        try repo.write("secrets/db.yaml", "password: precommit-plain-4d\n")
        try repo.git(["add", "secrets/db.yaml"])
        #expect(try repo.git(["cat-file", "blob", ":secrets/db.yaml"]).out == "password: precommit-plain-4d\n")
        let refused = try Self.tryRepo(repo, hooks)
        #expect(refused.status == 1, "\(refused.out)\(refused.err)")
        #expect(refused.out.contains("gitsops check (staged secrets are encrypted)"), "\(refused.out)")
        #expect(refused.out.contains("Failed"), "\(refused.out)")
        #expect(refused.out.contains("gitsops: secrets/db.yaml: is not encrypted"), "\(refused.out)")
        #expect(!refused.out.contains("precommit-plain-4d") && !refused.err.contains("precommit-plain-4d"))

        // With the filter configured again, the file is staged encrypted and the hook passes.
        let initialized = try repo.gitsops(["init"])
        #expect(initialized.status == 0, "\(initialized.err)")
        try repo.git(["add", "--renormalize", "secrets/db.yaml"])
        #expect(try repo.git(["cat-file", "blob", ":secrets/db.yaml"]).out.contains("ENC[AES256_GCM,"))
        let passed = try Self.tryRepo(repo, hooks)
        #expect(passed.status == 0, "\(passed.out)\(passed.err)")
        #expect(passed.out.contains("gitsops check (staged secrets are encrypted)"), "\(passed.out)")
        #expect(passed.out.contains("Passed"), "\(passed.out)")
    }
}
