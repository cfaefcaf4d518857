import Foundation
import TestSupport
import Testing

/// The clean cache (`.git/gitsops/`): `git status` after a `touch` answers from it without
/// decrypting, and only while it tells the truth.
@Suite struct GitCleanCacheTests {
    static let plaintext = "stringData:\n  password: cache-value-7f\n"

    /// A committed secret and a clone of it (whose checkout filled the clone's cache).
    private func cloned() throws -> GitsopsRepository {
        let repo = try GitsopsRepository()
        try repo.write("secrets/a.yaml", Self.plaintext)
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secret"])
        let clone = try repo.cloneAndInit()
        #expect(clone.status == 0, "\(clone.err)")
        return repo
    }

    private func touch(_ repo: GitsopsRepository, _ path: String, in directory: String = "clone") throws {
        // A minute ahead: git must look at the content again, whatever the index's timestamps.
        let later = Date().addingTimeInterval(60)
        try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: repo.sandbox.url("\(directory)/\(path)").path)
    }

    @Test func aCheckoutRecordsMACsOnlyInOwnerOnlyFiles() throws {
        let repo = try cloned()
        let directory = repo.sandbox.url("clone/.git/gitsops").path
        let attributes = try FileManager.default.attributesOfItem(atPath: directory)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        for name in ["key", "clean-cache"] {
            let file = try FileManager.default.attributesOfItem(atPath: directory + "/" + name)
            #expect((file[.posixPermissions] as? Int) == 0o600, "\(name)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory + "/key")).count == 32)
        let cache = try String(decoding: Data(contentsOf: URL(fileURLWithPath: directory + "/clean-cache")), as: UTF8.self)
        #expect(cache.hasPrefix("gitsops-clean-cache-1\n"))
        #expect(cache.contains(" secrets/a.yaml\u{0}"))
        #expect(!cache.contains("cache-value-7f"))
    }

    @Test func anUnchangedFileIsCleanWithoutDecryptingAndAnEditIsSeen() throws {
        let repo = try cloned()
        try touch(repo, "secrets/a.yaml")
        // No key: only the cache can tell that the staged blob holds this plaintext.
        #expect(try repo.git(["status", "--porcelain"], in: "clone", environment: repo.withoutKey).out == "")
        try repo.write("secrets/a.yaml", "stringData:\n  password: cache-value-80\n", in: "clone")
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == " M secrets/a.yaml\n")
        try repo.git(["add", "secrets/a.yaml"], in: "clone")
        #expect(try repo.git(["cat-file", "--filters", ":secrets/a.yaml"], in: "clone").out == "stringData:\n  password: cache-value-80\n")
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "M  secrets/a.yaml\n")
    }

    @Test func anEntryCountsOnlyWhileTheIndexStagesItsBlob() throws {
        let repo = try cloned()
        // rotate stages a new ciphertext of the same plaintext: the cached blob is no longer staged.
        let rotate = try repo.gitsops(["rotate", "secrets/a.yaml"], in: "clone")
        #expect(rotate.status == 0, "\(rotate.err)")
        try touch(repo, "secrets/a.yaml")
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "M  secrets/a.yaml\n")
        #expect(try repo.git(["diff", "--quiet"], in: "clone").status == 0)
    }

    @Test func aDamagedCacheIsIgnored() throws {
        let repo = try cloned()
        try repo.sandbox.write("clone/.git/gitsops/clean-cache", "gitsops-clean-cache-1\nnot an entry\u{0}")
        try touch(repo, "secrets/a.yaml")
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "")
        try repo.sandbox.write("clone/.git/gitsops/key", "short")
        try touch(repo, "secrets/a.yaml")
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "")
    }

    @Test func lockErasesTheCache() throws {
        let repo = try cloned()
        let lock = try repo.gitsops(["lock"], in: "clone")
        #expect(lock.status == 0, "\(lock.err)")
        for name in ["key", "clean-cache"] {
            #expect(!FileManager.default.fileExists(atPath: repo.sandbox.url("clone/.git/gitsops/\(name)").path))
        }
    }
}
