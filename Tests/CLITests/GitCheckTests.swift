import Foundation
import TestSupport
import Testing

/// `gitsops check` and the hooks that run it, against history written around the filter.
@Suite struct GitCheckTests {
    /// A repository with one encrypted secret committed, then a commit that holds a plaintext secret
    /// (staged without the filter, committed without the hook).
    private func repositoryWithPlaintextCommit() throws -> GitsopsRepository {
        let repo = try GitsopsRepository()
        try repo.write("secrets/good.yaml", "password: good-1a\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "good"])
        try repo.write("secrets/bad.json", #"{"password": "plain-bad-2b"}"#)
        let id = try repo.git(["hash-object", "-w", "--no-filters", "secrets/bad.json"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git(["update-index", "--add", "--cacheinfo", "100644,\(id),secrets/bad.json"])
        try repo.git(["commit", "-q", "--no-verify", "-m", "bad"])
        return repo
    }

    @Test func passesForEncryptedFilesAndNamesEachBadOne() throws {
        let repo = try repositoryWithPlaintextCommit()
        let good = try repo.gitsops(["check", "--rev", "HEAD~1"])
        #expect(good.status == 0, "\(good.err)")
        #expect(good.out == "gitsops: 1 encrypted file checked, all encrypted per their rules\n")
        let bad = try repo.gitsops(["check", "--rev", "HEAD"])
        #expect(bad.status == 1)
        #expect(bad.err == """
            gitsops: secrets/bad.json (HEAD): is not encrypted: not a sops document
            gitsops: 1 of 2 encrypted files failed the check

            """)
        let staged = try repo.gitsops(["check", "--staged", "secrets/good.yaml"])
        #expect(staged.status == 0)
        let fromSubfolder = try repo.gitsops(["check", "bad.json"], in: "repo/secrets")
        #expect(fromSubfolder.status == 1)
        #expect(fromSubfolder.err.hasPrefix("gitsops: secrets/bad.json: is not encrypted"))
    }

    @Test func flagsFilesEncryptedForOtherKeysThanTheirRule() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/a.yaml", "password: keys-3c\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "a"])
        let other = try Command.run("age-keygen", []).out.split(separator: "\n").first { $0.hasPrefix("# public key: ") }!.dropFirst(14)
        try repo.write(".sops.yaml", "creation_rules:\n  - path_regex: ^secrets/\n    age: \(other)\n")
        try repo.git(["add", ".sops.yaml"])
        let check = try repo.gitsops(["check"])
        #expect(check.status == 1)
        #expect(check.err.contains("secrets/a.yaml: is encrypted for other keys than its .sops.yaml rule names (run `gitsops updatekeys`)"))
    }

    @Test func rejectsStagingAndCombiningSources() throws {
        let repo = try GitsopsRepository()
        let result = try repo.gitsops(["check", "--staged", "--rev", "HEAD"])
        #expect(result.status == 2)
        #expect(result.err.contains("--staged and --rev cannot be combined"))
    }

    @Test func thePrePushHookRefusesToPushAPlaintextSecret() throws {
        let repo = try repositoryWithPlaintextCommit()
        try repo.git(["init", "-q", "--bare", repo.sandbox.url("remote.git").path], in: ".")
        try repo.git(["remote", "add", "origin", repo.sandbox.url("remote.git").path])
        let push = try repo.tryGit(["push", "-q", "origin", "main"])
        #expect(push.status != 0)
        #expect(push.err.contains("gitsops: secrets/bad.json ("), "\(push.err)")
        #expect(try repo.tryGit(["rev-parse", "--verify", "main"], in: "remote.git").status != 0)
        // Without the bad commit the push goes through.
        try repo.git(["reset", "-q", "--hard", "HEAD~1"])
        #expect(try repo.tryGit(["push", "-q", "origin", "main"]).status == 0)
    }

    @Test func aPreReceiveHookOnAServerRejectsAPlaintextSecretWithoutKeys() throws {
        let repo = try repositoryWithPlaintextCommit()
        let remote = repo.sandbox.url("server.git")
        try repo.git(["init", "-q", "--bare", remote.path], in: ".")
        let hooks = remote.appendingPathComponent("hooks/pre-receive")
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("hooks/pre-receive").path) { dir.deleteLastPathComponent() }
        try FileManager.default.copyItem(at: dir.appendingPathComponent("hooks/pre-receive"), to: hooks)
        let push = try repo.tryGit(["push", "--no-verify", "-q", remote.path, "main"], environment: repo.withoutKey)
        #expect(push.status != 0)
        #expect(push.err.contains("remote: gitsops: secrets/bad.json ("), "\(push.err)")
        try repo.git(["reset", "-q", "--hard", "HEAD~1"])
        let good = try repo.tryGit(["push", "--no-verify", "-q", remote.path, "main"], environment: repo.withoutKey)
        #expect(good.status == 0, "\(good.err)")
    }
}
