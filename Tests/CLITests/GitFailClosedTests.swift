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
        try expectAddFails(repo, "secrets/new.json", #"{"password": "leak-me-rule"}"#, environment: ["SOPS_AGE_RECIPIENTS": nil],
                           message: "no creation rule")
    }

    @Test func unparsableSecretFailsTheAddWithoutPrintingIt() throws {
        let repo = try committedBase()
        try expectAddFails(repo, "secrets/broken.json", "{\"password\": \"leak-me-syntax\",,}\n", message: "json")
        let add = try repo.tryGit(["add", "secrets/broken.json"])
        #expect(!add.err.contains("leak-me"))
    }

    @Test func anUnusableRecipientFailsTheAdd() throws {
        let repo = try committedBase()
        try expectAddFails(repo, "secrets/x.json", #"{"password": "leak-me-recipient"}"#,
                           environment: ["SOPS_AGE_RECIPIENTS": "age1notarecipient"], message: "secrets/x.json")
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
