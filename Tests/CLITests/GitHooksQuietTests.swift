import Foundation
import GitFilter
import TestSupport
import Testing

/// The hooks speak only to refuse: `git commit -q` and `git push -q` print nothing when every
/// secret passes (they used to print a summary per commit).
@Suite struct GitHooksQuietTests {
    /// A repository with two commits of secrets, a bare remote, and the server's pre-receive hook.
    private func repository() throws -> GitsopsRepository {
        let repo = try GitsopsRepository()
        try repo.write("secrets/a.yaml", "password: quiet-1a\n")
        try repo.write("secrets/b.json", "{\"token\": \"quiet-2b\"}\n")
        try repo.git(["add", "."])
        return repo
    }

    @Test func passingHooksPrintNothing() throws {
        let repo = try repository()
        let first = try repo.git(["commit", "-q", "-m", "secrets"])
        #expect(first.out.isEmpty && first.err.isEmpty, "\(first.out)\(first.err)")
        try repo.write("secrets/a.yaml", "password: quiet-3c\n")
        let second = try repo.git(["commit", "-q", "-am", "rotate"])
        #expect(second.out.isEmpty && second.err.isEmpty, "\(second.out)\(second.err)")

        let remote = repo.sandbox.url("remote.git")
        try repo.git(["init", "-q", "--bare", remote.path], in: ".")
        try FileManager.default.copyItem(at: Self.shippedHook("pre-receive"), to: remote.appendingPathComponent("hooks/pre-receive"))
        try repo.git(["remote", "add", "origin", remote.path])
        // pre-push runs `check --rev` for both commits here, pre-receive on the server.
        let push = try repo.git(["push", "-q", "origin", "main"])
        #expect(push.out.isEmpty && push.err.isEmpty, "\(push.out)\(push.err)")
        try repo.write("secrets/b.json", "{\"token\": \"quiet-4d\"}\n")
        try repo.git(["commit", "-q", "-am", "again"])
        let again = try repo.git(["push", "-q", "origin", "main"])
        #expect(again.out.isEmpty && again.err.isEmpty, "\(again.out)\(again.err)")

        // Asked directly, check still reports; --quiet keeps only refusals.
        #expect(try repo.gitsops(["check"]).out == "gitsops: 2 encrypted files checked, all encrypted per their rules\n")
        #expect(try repo.gitsops(["check", "-q", "--rev", "HEAD"]).out.isEmpty)
    }

    @Test func aRefusingHookStillSaysWhy() throws {
        let repo = try repository()
        // Staged without the filter: plaintext in the index.
        try repo.write("secrets/c.yaml", "password: quiet-5e\n")
        let id = try repo.git(["hash-object", "-w", "--no-filters", "secrets/c.yaml"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git(["update-index", "--add", "--cacheinfo", "100644,\(id),secrets/c.yaml"])
        let commit = try repo.tryGit(["commit", "-q", "-m", "leak"])
        #expect(commit.status != 0)
        #expect(commit.err == """
            gitsops: secrets/c.yaml: is not encrypted: not a sops document
            gitsops: 1 of 3 encrypted files failed the check

            """, "\(commit.err)")
    }

    /// Hooks an older gitsops installed (they carry its marker) are brought up to date by init.
    @Test func initUpdatesHooksAnOlderGitsopsInstalled() throws {
        let repo = try GitsopsRepository()
        let old = Hooks.preCommit.replacingOccurrences(of: "check --quiet --staged", with: "check --staged")
        #expect(old != Hooks.preCommit)
        try repo.write(".git/hooks/pre-commit", old)
        let result = try repo.gitsops(["init"])
        #expect(result.out.contains("updated the pre-commit hook"), "\(result.out)")
        #expect(String(decoding: try repo.read(".git/hooks/pre-commit"), as: UTF8.self) == Hooks.preCommit)
    }

    static func shippedHook(_ name: String) -> URL {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("hooks/" + name).path) { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("hooks/" + name)
    }
}
