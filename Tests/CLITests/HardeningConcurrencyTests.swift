import Foundation
import TestSupport
import Testing

/// Two filters at once: git in two worktrees of one repository, and `kubectl secrets edit`
/// racing a `git checkout` of the file it edits.
@Suite struct HardeningConcurrencyTests {
    /// Runs each git command (in its directory) at the same time, on threads of their own.
    static func simultaneously(_ repo: GitsopsRepository, _ commands: [(directory: String, arguments: [String])]) throws -> [Command.Result] {
        let results = Results(count: commands.count)
        let group = DispatchGroup()
        for (index, command) in commands.enumerated() {
            group.enter()
            Thread {
                results.set(index, Result { try repo.tryGit(command.arguments, in: command.directory) })
                group.leave()
            }.start()
        }
        group.wait()
        return try results.all()
    }

    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Result<Command.Result, any Error>?]
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Result<Command.Result, any Error>) { lock.lock(); values[index] = value; lock.unlock() }
        func all() throws -> [Command.Result] { try values.map { try $0!.get() } }
    }

    static func secret(_ i: Int, _ version: String) -> String {
        "# secret \(i)\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\(i)\nstringData:\n  password: \"pw-\(i)-\(version)\"\n  note: |\n    line one \(version)\n    line two\n"
    }

    static let files = 40

    @Test func twoWorktreesFilteringAtOnceKeepEveryFileAndTheObjectDatabaseIntact() throws {
        let repo = try GitsopsRepository("gitsops-worktrees")
        for i in 0..<Self.files { try repo.write("secrets/s\(i).yaml", Self.secret(i, "base")) }
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "base"])
        // A branch `other` with every file changed, and a second worktree on branch `side`.
        try repo.git(["checkout", "-q", "-b", "other"])
        for i in 0..<Self.files { try repo.write("secrets/s\(i).yaml", Self.secret(i, "other")) }
        try repo.git(["commit", "-q", "-am", "other"])
        try repo.git(["checkout", "-q", "main"])
        try repo.git(["worktree", "add", "-q", "-b", "side", repo.sandbox.url("second").path, "main"])

        // Round 1: main's worktree stages new versions while the second checks out `other`.
        for i in 0..<Self.files { try repo.write("secrets/s\(i).yaml", Self.secret(i, "round1")) }
        let round1 = try Self.simultaneously(repo, [("repo", ["add", "secrets"]), ("second", ["checkout", "-q", "other"])])
        for result in round1 { #expect(result.status == 0, "\(result.err)") }
        // Round 2: the other way round (the second worktree is on `other` now).
        for i in 0..<Self.files { try repo.write("secrets/s\(i).yaml", Self.secret(i, "round2"), in: "second") }
        try repo.git(["commit", "-q", "-m", "round1"])
        let round2 = try Self.simultaneously(repo, [("repo", ["checkout", "-q", "-b", "third", "other"]), ("second", ["add", "secrets"])])
        for result in round2 { #expect(result.status == 0, "\(result.err)") }
        try repo.git(["commit", "-q", "-m", "round2"], in: "second")
        // Round 3: both add and commit different files at the same time.
        for i in 0..<Self.files {
            try repo.write("secrets/s\(i).yaml", Self.secret(i, "round3a"))
            try repo.write("secrets/t\(i).yaml", Self.secret(i, "round3b"), in: "second")
        }
        let round3 = try Self.simultaneously(repo, [("repo", ["add", "secrets"]), ("second", ["add", "secrets"])])
        for result in round3 { #expect(result.status == 0, "\(result.err)") }
        try repo.git(["commit", "-q", "-m", "round3a"])
        try repo.git(["commit", "-q", "-m", "round3b"], in: "second")

        #expect(try repo.git(["fsck", "--strict", "--no-dangling"]).status == 0)
        // Every file in both worktrees is what was written; both are clean.
        for i in 0..<Self.files {
            #expect(try repo.read("secrets/s\(i).yaml") == Array(Self.secret(i, "round3a").utf8), "s\(i)")
            #expect(try repo.read("secrets/s\(i).yaml", in: "second") == Array(Self.secret(i, "round2").utf8), "second s\(i)")
            #expect(try repo.read("secrets/t\(i).yaml", in: "second") == Array(Self.secret(i, "round3b").utf8), "second t\(i)")
        }
        #expect(try repo.git(["status", "--porcelain"]).out == "")
        #expect(try repo.git(["status", "--porcelain"], in: "second").out == "")
        // What each branch stores decrypts with the MAC, and a fresh checkout of it gives the same bytes.
        for (revision, path, version) in [("third", "secrets/s7.yaml", "round3a"), ("main", "secrets/s7.yaml", "round1"),
                                          ("other", "secrets/s7.yaml", "round2"), ("other", "secrets/t7.yaml", "round3b")] {
            #expect(try repo.referenceDecrypt(try repo.stored(path, at: revision), format: "yaml").status == 0, "\(revision):\(path)")
            let shown = try repo.git(["show", "\(revision):\(path)"]).out
            #expect(shown.contains("ENC[") && !shown.contains("pw-7-\(version)"))
        }
        let objects = try repo.allObjects()
        for version in ["base", "other", "round1", "round2", "round3a", "round3b"] { #expect(!objects.contains("pw-7-\(version)")) }
    }
}
