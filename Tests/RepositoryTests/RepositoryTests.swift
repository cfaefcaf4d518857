import Foundation
import Repository
import TestSupport
import Testing

/// The libgit2 wrapper against repositories built by real `git`.
@Suite struct RepositoryTests {
    /// A repository with one commit: `secrets/a.yaml` (routed to the filter), `plain.txt`, a subfolder.
    private func makeRepository() throws -> GitSandbox {
        let sandbox = try GitSandbox()
        try sandbox.initRepository()
        try sandbox.write("repo/.gitattributes", "secrets/** filter=gitsops diff=gitsops merge=gitsops\n*.bin -diff\n")
        try sandbox.write("repo/secrets/a.yaml", "a: 1\n")
        try sandbox.write("repo/plain.txt", "plain\n")
        try sandbox.write("repo/deep/er/file.txt", "deep\n")
        try sandbox.git(["add", "."])
        try sandbox.git(["commit", "-q", "-m", "one"])
        return sandbox
    }

    @Test func discoversFromASubfolder() throws {
        let sandbox = try makeRepository()
        let repo = try Repository.discover(from: sandbox.url("repo/deep/er").path)
        let expected = sandbox.url("repo").resolvingSymlinksInPath().path
        #expect(repo.workingDirectory.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path } == expected)
        #expect(repo.gitDirectory.hasSuffix("repo/.git"))
        #expect(repo.commonDirectory == repo.gitDirectory)
        #expect(!repo.isBare)
    }

    @Test func outsideARepositoryIsAClearError() throws {
        let dir = try TemporaryDirectory()
        #expect {
            try Repository.discover(from: dir.path, environment: ["GIT_CEILING_DIRECTORIES": dir.url.deletingLastPathComponent().path])
        } throws: { error in
            (error as? RepositoryError)?.code == .notARepository
        }
    }

    @Test func honoursGitDirAndWorkTree() throws {
        let sandbox = try makeRepository()
        let elsewhere = try TemporaryDirectory()
        let repo = try Repository.discover(from: elsewhere.path, environment: [
            "GIT_DIR": sandbox.url("repo/.git").path, "GIT_WORK_TREE": sandbox.url("repo").path,
        ])
        #expect(try repo.indexBlob(for: "plain.txt") == Array("plain\n".utf8))
        #expect(repo.workingDirectory?.hasSuffix("/repo") == true)
    }

    @Test func readsIndexBlobsAndRevisions() throws {
        let sandbox = try makeRepository()
        try sandbox.write("repo/plain.txt", "staged\n")
        try sandbox.git(["add", "plain.txt"])
        try sandbox.write("repo/plain.txt", "working\n")
        let repo = try Repository.discover(from: sandbox.url("repo").path)
        #expect(try repo.indexBlob(for: "plain.txt") == Array("staged\n".utf8))
        #expect(try repo.blob(at: "HEAD", path: "plain.txt") == Array("plain\n".utf8))
        #expect(try repo.indexBlob(for: "missing.txt") == nil)
        #expect(try repo.blob(at: "HEAD", path: "missing.txt") == nil)
        #expect(throws: RepositoryError.self) { try repo.blob(at: "no-such-branch", path: "plain.txt") }
        let head = try sandbox.git(["rev-parse", "HEAD"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try repo.resolveCommit("HEAD").description == head)
        #expect(repo.hasCommits)
    }

    @Test func picksUpIndexChangesMadeByGitAfterOpening() throws {
        let sandbox = try makeRepository()
        let repo = try Repository.discover(from: sandbox.url("repo").path)
        #expect(try repo.indexBlob(for: "plain.txt") == Array("plain\n".utf8))
        try sandbox.write("repo/plain.txt", "changed later\n")
        try sandbox.git(["add", "plain.txt"])
        #expect(try repo.indexBlob(for: "plain.txt") == Array("changed later\n".utf8))
    }

    @Test func listsTrackedPathsInTheIndexAndAtARevision() throws {
        let sandbox = try makeRepository()
        try sandbox.write("repo/new.txt", "new\n")
        try sandbox.git(["add", "new.txt"])
        let repo = try Repository.discover(from: sandbox.url("repo").path)
        #expect(try repo.indexEntries().map(\.path) == [".gitattributes", "deep/er/file.txt", "new.txt", "plain.txt", "secrets/a.yaml"])
        #expect(try repo.files(at: "HEAD").map(\.path) == [".gitattributes", "deep/er/file.txt", "plain.txt", "secrets/a.yaml"])
        #expect(try repo.files(at: "HEAD").allSatisfy { $0.mode == 0o100644 })
    }

    @Test func readsAttributesFromWorkingTreeIndexAndCommit() throws {
        let sandbox = try makeRepository()
        let repo = try Repository.discover(from: sandbox.url("repo").path)
        #expect(try repo.attribute("filter", for: "secrets/a.yaml") == .value("gitsops"))
        #expect(try repo.attribute("merge", for: "secrets/x/y.json") == .value("gitsops"))
        #expect(try repo.attribute("filter", for: "plain.txt") == .unspecified)
        #expect(try repo.attribute("diff", for: "x.bin") == .unset)
        // Change the working tree's attributes only: the commit still routes secrets/ to the filter.
        try sandbox.write("repo/.gitattributes", "other/** filter=gitsops\n")
        let head = try repo.resolveCommit("HEAD")
        #expect(try repo.attribute("filter", for: "other/z", from: .workingTree) == .value("gitsops"))
        #expect(try repo.attribute("filter", for: "secrets/a.yaml", from: .index) == .value("gitsops"))
        #expect(try repo.attribute("filter", for: "secrets/a.yaml", from: .commit(head)) == .value("gitsops"))
    }

    @Test func writesAndReadsLocalConfig() throws {
        let sandbox = try makeRepository()
        let repo = try Repository.discover(from: sandbox.url("repo").path)
        #expect(try repo.configValue("filter.gitsops.process") == nil)
        try repo.setConfig("filter.gitsops.process", to: "gitsops filter-process")
        #expect(try repo.configValue("filter.gitsops.process") == "gitsops filter-process")
        let seenByGit = try sandbox.git(["config", "--local", "--get", "filter.gitsops.process"]).out
        #expect(seenByGit == "gitsops filter-process\n")
        try repo.unsetConfig("filter.gitsops.process")
        try repo.unsetConfig("filter.gitsops.process")
        #expect(try repo.configValue("filter.gitsops.process") == nil)
    }

    @Test func writesBlobsAndRepointsIndexEntries() throws {
        let sandbox = try makeRepository()
        let repo = try Repository.discover(from: sandbox.url("repo").path)
        let id = try repo.writeBlob(Array("replacement\n".utf8))
        let hashedByGit = try sandbox.git(["hash-object", "--stdin"], stdin: Data("replacement\n".utf8)).out
        #expect(id.description + "\n" == hashedByGit)
        #expect(try repo.contains(id))
        #expect(try !repo.contains(ObjectID(hex: String(repeating: "ab", count: 20))!))
        try repo.updateIndexEntry("plain.txt", to: id)
        #expect(try sandbox.git(["show", ":plain.txt"]).out == "replacement\n")
        #expect(throws: RepositoryError.self) { try repo.updateIndexEntry("missing.txt", to: id) }
    }

    @Test func readsConflictStagesAfterAMerge() throws {
        let sandbox = try makeRepository()
        try sandbox.git(["checkout", "-q", "-b", "other"])
        try sandbox.write("repo/plain.txt", "theirs\n")
        try sandbox.git(["commit", "-q", "-am", "theirs"])
        try sandbox.git(["checkout", "-q", "main"])
        try sandbox.write("repo/plain.txt", "ours\n")
        try sandbox.git(["commit", "-q", "-am", "ours"])
        let merge = try sandbox.run("git", ["merge", "-q", "other"])
        #expect(merge.status != 0)
        let repo = try Repository.discover(from: sandbox.url("repo").path)
        #expect(try repo.indexEntry(for: "plain.txt", stage: 0) == nil)
        #expect(try repo.indexEntries().filter { $0.path == "plain.txt" }.map(\.stage) == [1, 2, 3])
        #expect(try repo.indexBlob(for: "plain.txt") == Array("ours\n".utf8))
    }

    @Test func objectIDParsesOnlyFortyHexDigits() {
        #expect(ObjectID(hex: "zz") == nil)
        #expect(ObjectID(hex: String(repeating: "g", count: 40)) == nil)
        #expect(ObjectID(hex: String(repeating: "aB", count: 20))?.description == String(repeating: "ab", count: 20))
    }
}
