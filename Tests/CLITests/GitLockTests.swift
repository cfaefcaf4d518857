import Foundation
import TestSupport
import Testing

/// `gitsops lock` / `unlock`: the working tree as ciphertext and back, git status clean throughout.
@Suite struct GitLockTests {
    static let plaintext = Array("password: lock-value-1a\n".utf8)

    private func committed() throws -> GitsopsRepository {
        let repo = try GitsopsRepository()
        try repo.write("secrets/a.yaml", Self.plaintext)
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secret"])
        return repo
    }

    @Test func lockAndUnlockRoundTripWithACleanStatus() throws {
        let repo = try committed()
        let lock = try repo.gitsops(["lock"])
        #expect(lock.status == 0, "\(lock.err)")
        #expect(lock.out == "locked: 1 file now hold ciphertext\n")
        #expect(try repo.read("secrets/a.yaml") == repo.stored("secrets/a.yaml"))
        #expect(try repo.git(["status", "--porcelain"]).out == "")
        // Checkouts while locked stay encrypted.
        try repo.git(["checkout", "-q", "-b", "other"])
        try FileManager.default.removeItem(at: repo.sandbox.url("repo/secrets/a.yaml"))
        try repo.git(["checkout", "--", "secrets/a.yaml"])
        #expect(try repo.read("secrets/a.yaml") == repo.stored("secrets/a.yaml"))
        let unlock = try repo.gitsops(["unlock"])
        #expect(unlock.status == 0, "\(unlock.err)")
        #expect(try repo.read("secrets/a.yaml") == Self.plaintext)
        #expect(try repo.git(["status", "--porcelain"]).out == "")
    }

    @Test func lockRefusesUncommittedChangesUnlessForced() throws {
        let repo = try committed()
        try repo.write("secrets/a.yaml", "password: lock-value-edited\n")
        let refused = try repo.gitsops(["lock"])
        #expect(refused.status == 1)
        #expect(refused.err.hasPrefix("gitsops: error: uncommitted changes in 1 encrypted file: secrets/a.yaml\n"))
        #expect(try repo.read("secrets/a.yaml") == Array("password: lock-value-edited\n".utf8))
        let forced = try repo.gitsops(["lock", "--force"])
        #expect(forced.status == 0, "\(forced.err)")
        #expect(try repo.read("secrets/a.yaml") == repo.stored("secrets/a.yaml"))
        #expect(try repo.git(["status", "--porcelain"]).out == "")
    }

    @Test func unlockWithoutTheKeySaysWhichFilesStayEncrypted() throws {
        let repo = try committed()
        try repo.gitsops(["lock"])
        let unlock = try repo.gitsops(["unlock"], environment: repo.withoutKey)
        #expect(unlock.status == 0)
        #expect(unlock.err == "gitsops: warning: left encrypted: secrets/a.yaml (no usable key here); run `gitsops doctor` for details\n")
        #expect(try repo.read("secrets/a.yaml") == repo.stored("secrets/a.yaml"))
        #expect(try repo.git(["status", "--porcelain"]).out == "")
    }
}
