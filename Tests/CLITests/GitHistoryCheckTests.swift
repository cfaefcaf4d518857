import Foundation
import TestSupport
import Testing

/// `gitsops check --history`: the CI secret scan over every commit, written around the filter the
/// two ways a secret leaks (staged without the filter; the filter dropped by `.gitattributes`).
@Suite struct GitHistoryCheckTests {
    /// Stages `text` as `path` without the filter (what a missing `gitsops init` or `--no-filters` does).
    static func stagePlain(_ repo: GitsopsRepository, _ path: String, _ text: String) throws {
        try repo.write(path, text)
        let id = try repo.git(["hash-object", "-w", "--no-filters", path]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git(["update-index", "--add", "--cacheinfo", "100644,\(id),\(path)"])
    }

    static func commit(_ repo: GitsopsRepository, _ message: String) throws -> String {
        try repo.git(["commit", "-q", "--no-verify", "-m", message])
        return String(try repo.git(["rev-parse", "HEAD"]).out.prefix(12))
    }

    @Test func aCleanHistoryPasses() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/db.yaml", "password: history-1\n")
        try repo.git(["add", "."])
        _ = try Self.commit(repo, "one")
        try repo.write("secrets/db.yaml", "password: history-2\n")
        try repo.git(["add", "."])
        _ = try Self.commit(repo, "two")
        let result = try repo.gitsops(["check", "--history"], environment: repo.withoutKey)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "gitsops: 2 commits scanned, no secret ever stored unencrypted\n")
    }

    @Test func namesEachCommitThatStoredASecretInClearOrDroppedTheFilter() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/db.yaml", "password: history-3\n")
        try repo.git(["add", "."])
        _ = try Self.commit(repo, "encrypted db")
        try Self.stagePlain(repo, "secrets/api.json", #"{"token": "history-4"}"#)
        let leak = try Self.commit(repo, "api token")
        try repo.write("README", "unrelated\n")
        try repo.git(["add", "README"])
        _ = try Self.commit(repo, "readme")  // the same plaintext blob again: reported once
        let attributes = String(decoding: try repo.read(".gitattributes"), as: UTF8.self)
        try repo.write(".gitattributes", attributes + "secrets/db.yaml -filter\n")
        try repo.git(["add", ".gitattributes"])
        let unfiltered = try Self.commit(repo, "stop filtering db")
        // A side branch never merged: found because every ref is scanned.
        try repo.git(["checkout", "-q", "-f", "-b", "side", "HEAD~3"])
        try Self.stagePlain(repo, "secrets/side.env", "KEY=history-5\n")
        let side = try Self.commit(repo, "side secret")
        try repo.git(["checkout", "-q", "-f", "main"])

        let result = try repo.gitsops(["check", "--history"], environment: repo.withoutKey)
        #expect(result.status == 1)
        #expect(result.out == "")
        let findings = Set(result.err.split(separator: "\n").prefix(3).map(String.init))
        #expect(findings == [
            "gitsops: \(leak) secrets/api.json: is not encrypted: not a sops document (commit: api token)",
            "gitsops: \(unfiltered) secrets/db.yaml: its .gitattributes no longer routes this secret through the gitsops filter (commit: stop filtering db)",
            "gitsops: \(side) secrets/side.env: is not encrypted: not a sops document (commit: side secret)",
        ])
        #expect(result.err.split(separator: "\n")[3] == "gitsops: 5 commits scanned: 3 findings")
        #expect(!result.err.contains("history-"))

        let main = try repo.gitsops(["check", "--history", "main"])
        #expect(main.status == 1)
        #expect(!main.err.contains("side.env") && main.err.contains("gitsops: 4 commits scanned: 2 findings"))
        // A range reports what its commits bring; a .gitattributes change re-reads every file.
        let range = try repo.gitsops(["check", "--history", "HEAD~1..HEAD"])
        #expect(range.status == 1)
        #expect(range.err.hasPrefix("""
            gitsops: \(unfiltered) secrets/api.json: is not encrypted: not a sops document (commit: stop filtering db)
            gitsops: \(unfiltered) secrets/db.yaml: its .gitattributes no longer routes this secret through the gitsops filter (commit: stop filtering db)
            gitsops: 1 commit scanned: 2 findings

            """))
        let readme = try repo.gitsops(["check", "--history", "HEAD~2..HEAD~1"])
        #expect(readme.status == 0 && readme.out == "gitsops: 1 commit scanned, no secret ever stored unencrypted\n")
        let before = try repo.gitsops(["check", "--history", "HEAD~3"])
        #expect(before.status == 0 && before.out == "gitsops: 1 commit scanned, no secret ever stored unencrypted\n")

        // A shallow clone (what CI checks out): its oldest commit reads as a root, its tree checked whole.
        try repo.git(["clone", "-q", "--depth", "2", "file://" + repo.sandbox.url("repo").path, repo.sandbox.url("shallow").path], in: ".")
        let boundary = String(try repo.git(["rev-parse", "main~1"]).out.prefix(12))
        let shallow = try repo.gitsops(["check", "--history"], in: "shallow", environment: repo.withoutKey)
        #expect(shallow.status == 1)
        #expect(shallow.err.hasPrefix("""
            gitsops: \(boundary) secrets/api.json: is not encrypted: not a sops document (commit: readme)
            gitsops: \(unfiltered) secrets/db.yaml: its .gitattributes no longer routes this secret through the gitsops filter (commit: stop filtering db)
            gitsops: 2 commits scanned: 2 findings

            """))
    }

    @Test func rejectsOtherSourcesAndUnknownRevisions() throws {
        let repo = try GitsopsRepository()
        let combined = try repo.gitsops(["check", "--history", "--staged"])
        #expect(combined.status == 2)
        #expect(combined.err.contains("--history scans commits"))
        let unknown = try repo.gitsops(["check", "--history", "nosuchbranch"])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("unknown revision nosuchbranch"))
    }

    /// `check --rev` reads the commit's `.gitattributes`, not a different one staged since.
    @Test func revisionChecksUseTheCommitsAttributesNotTheStagedOnes() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/db.yaml", "password: history-6\n")
        try Self.stagePlain(repo, "secrets/bad.json", #"{"password": "history-7"}"#)
        try repo.git(["add", "secrets/db.yaml", ".gitattributes", ".sops.yaml"])
        _ = try Self.commit(repo, "one bad")
        let attributes = String(decoding: try repo.read(".gitattributes"), as: UTF8.self)
        try repo.write(".gitattributes", attributes + "secrets/bad.json -filter\n")
        try repo.git(["add", ".gitattributes"])
        let check = try repo.gitsops(["check", "--rev", "HEAD"])
        #expect(check.status == 1)
        #expect(check.err.contains("gitsops: secrets/bad.json (HEAD): is not encrypted: not a sops document"))
    }
}
