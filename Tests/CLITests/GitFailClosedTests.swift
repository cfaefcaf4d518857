import Foundation
import TestSupport
import Testing

/// When clean cannot encrypt, `git add` fails and nothing new reaches the object database.
@Suite struct GitFailClosedTests {
    /// Adds `path` holding `plaintext` with `environment`; expects failure with `message` and an
    /// unchanged object database.
    private func expectAddFails(_ repo: GitsopsRepository, _ path: String, _ plaintext: String,
                                environment: [String: String?] = [:], message: String) throws {
        let before = try repo.objectIDs()
        try repo.write(path, plaintext)
        let add = try repo.tryGit(["add", "--", path], environment: environment)
        #expect(add.status != 0)
        let errors = add.err.split(separator: "\n").filter { $0.hasPrefix("gitsops: error:") }
        #expect(errors.count == 1, "\(add.err)")
        #expect(errors.first?.hasPrefix("gitsops: error: \(path): ") == true, "\(add.err)")
        #expect(add.err.contains(message), "\(add.err)")
        #expect(try repo.git(["ls-files", "--stage", "--", path]).out == "")
        #expect(try repo.objectIDs() == before)
        let plainID = try repo.git(["hash-object", "--no-filters", "--", path]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try repo.tryGit(["cat-file", "-e", plainID]).status != 0)
        #expect(!(try repo.allObjects()).contains("leak-me-"))
    }

    private func committedBase() throws -> GitsopsRepository {
        let repo = try GitsopsRepository()
        try repo.git(["add", ".gitattributes"])
        try repo.git(["commit", "-q", "-m", "attributes"])
        return repo
    }

    @Test func noMatchingCreationRuleFailsTheAdd() throws {
        let repo = try committedBase()
        try FileManager.default.removeItem(at: repo.sandbox.url("repo/.sops.yaml"))
        try expectAddFails(repo, "secrets/new.json", #"{"password": "leak-me-rule"}"#, message: "no .sops.yaml found")
    }

    @Test func unparsableSecretFailsTheAddWithoutPrintingIt() throws {
        let repo = try committedBase()
        try expectAddFails(repo, "secrets/broken.json", "{\"password\": \"leak-me-syntax\",,}\n", message: "json")
        let add = try repo.tryGit(["add", "secrets/broken.json"])
        #expect(!add.err.contains("leak-me"))
    }

    @Test func aPathNoRuleMatchesFailsTheAdd() throws {
        let repo = try committedBase()
        try repo.write(".sops.yaml", "creation_rules:\n  - path_regex: ^secrets/prod/\n    age: \(repo.recipient)\n")
        try expectAddFails(repo, "secrets/dev/x.json", #"{"password": "leak-me-nomatch"}"#, message: "no matching creation rules found")
    }

    @Test func aBrokenSopsYamlFailsTheAdd() throws {
        let repo = try committedBase()
        try repo.write(".sops.yaml", "creation_rules:\n  - path_regex: [unclosed\n")
        try expectAddFails(repo, "secrets/x.json", #"{"password": "leak-me-config"}"#, message: ".sops.yaml")
    }

    @Test func anUnusableRecipientFailsTheAdd() throws {
        let repo = try committedBase()
        try repo.write(".sops.yaml", "creation_rules:\n  - path_regex: ^secrets/\n    age: age1notarecipient\n")
        try expectAddFails(repo, "secrets/x.json", #"{"password": "leak-me-recipient"}"#, message: "age1notarecipient")
    }

    @Test func anUnreachableKeyServiceFailsTheAdd() throws {
        // A PGP rule whose gpg cannot run stands for any key service that does not answer.
        let repo = try committedBase()
        try repo.write(".sops.yaml", "creation_rules:\n  - path_regex: ^secrets/\n    pgp: FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4\n")
        try expectAddFails(repo, "secrets/x.json", #"{"password": "leak-me-service"}"#,
                           environment: ["SOPS_GPG_EXEC": "/nonexistent/gpg"], message: "gpg")
    }

    @Test func thePreCommitHookRefusesAPlaintextSecretStagedAroundTheFilter() throws {
        let repo = try committedBase()
        // Stage plaintext the way a misconfigured clone would: without running the filter.
        try repo.write("secrets/sneaky.json", #"{"password": "leak-me-hook"}"#)
        let id = try repo.git(["hash-object", "-w", "--no-filters", "secrets/sneaky.json"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git(["update-index", "--add", "--cacheinfo", "100644,\(id),secrets/sneaky.json"])
        let commit = try repo.tryGit(["commit", "-q", "-m", "sneaky"])
        #expect(commit.status != 0)
        #expect(commit.err.contains("gitsops: secrets/sneaky.json: is not encrypted: not a sops document"), "\(commit.err)")
        #expect(try repo.git(["rev-list", "--count", "HEAD"]).out == "1\n")
    }
}
