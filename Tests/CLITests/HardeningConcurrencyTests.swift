import Foundation
import TestSupport
import TestTraits
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

    /// `files` secrets filtered in three rounds by main's worktree and a second one at the same time
    /// (main ends on `third`, the second worktree on `other`); the concurrent commands' results.
    private func filteredInTwoWorktreesAtOnce() throws -> (repo: GitsopsRepository, results: [Command.Result]) {
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
        // Round 2: the other way round (the second worktree is on `other` now).
        for i in 0..<Self.files { try repo.write("secrets/s\(i).yaml", Self.secret(i, "round2"), in: "second") }
        try repo.git(["commit", "-q", "-m", "round1"])
        let round2 = try Self.simultaneously(repo, [("repo", ["checkout", "-q", "-b", "third", "other"]), ("second", ["add", "secrets"])])
        try repo.git(["commit", "-q", "-m", "round2"], in: "second")
        // Round 3: both add and commit different files at the same time.
        for i in 0..<Self.files {
            try repo.write("secrets/s\(i).yaml", Self.secret(i, "round3a"))
            try repo.write("secrets/t\(i).yaml", Self.secret(i, "round3b"), in: "second")
        }
        let round3 = try Self.simultaneously(repo, [("repo", ["add", "secrets"]), ("second", ["add", "secrets"])])
        try repo.git(["commit", "-q", "-m", "round3a"])
        try repo.git(["commit", "-q", "-m", "round3b"], in: "second")
        return (repo, round1 + round2 + round3)
    }

    /// Where the last write of `s7`/`t7` stands on each branch, and the version written there.
    static let lastWrites = [("third", "secrets/s7.yaml", "round3a"), ("main", "secrets/s7.yaml", "round1"),
                             ("other", "secrets/s7.yaml", "round2"), ("other", "secrets/t7.yaml", "round3b")]

    @Test func twoWorktreesFilteringAtOnceKeepEveryFileAndTheObjectDatabaseIntact() throws {
        let (repo, results) = try filteredInTwoWorktreesAtOnce()
        for result in results { #expect(result.status == 0, "\(result.err)") }
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
        for (revision, path, version) in Self.lastWrites {
            let decrypted = try repo.decrypt(try repo.stored(path, at: revision), format: "yaml")
            #expect(decrypted.status == 0, "\(revision):\(path): \(decrypted.err)")
            #expect(decrypted.stdout == Data(Self.secret(7, version).utf8), "\(revision):\(path)")
            let shown = try repo.git(["show", "\(revision):\(path)"]).out
            #expect(shown.contains("ENC[") && !shown.contains("pw-7-\(version)"))
        }
        let objects = try repo.allObjects()
        for version in ["base", "other", "round1", "round2", "round3a", "round3b"] { #expect(!objects.contains("pw-7-\(version)")) }
    }

    @Test(.needsSopsRef) func theReferenceDecryptsWhatTwoWorktreesStoredAtOnce() throws {
        let (repo, results) = try filteredInTwoWorktreesAtOnce()
        for result in results { try #require(result.status == 0, "\(result.err)") }
        for (revision, path, _) in Self.lastWrites {
            #expect(try repo.referenceDecrypt(try repo.stored(path, at: revision), format: "yaml").status == 0, "\(revision):\(path)")
        }
    }
}

/// `kubectl secrets edit` of a file that `git checkout` changes at the same time.
@Suite struct HardeningEditRaceTests {
    /// A repository with `secrets/db.json` (a Secret) on main and a different one on `other`, the
    /// binary linked as `kubectl-secrets`, and a tmpfs runtime directory for the editor's copy.
    final class EditSandbox: @unchecked Sendable {
        let repo: GitsopsRepository
        let tmpfs: TmpfsArea
        let environment: [String: String?]
        var plugin: String { repo.sandbox.url("bin/kubectl-secrets").path }

        init() throws {
            repo = try GitsopsRepository("gitsops-edit-race")
            tmpfs = try TmpfsArea()
            let bin = repo.sandbox.url("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent("kubectl-secrets").path,
                                                       withDestinationPath: GitsopsBinary.url.path)
            environment = repo.sandbox.environment.merging(repo.withKey) { $1 }.merging(tmpfs.environment) { $1 }
                .merging(["KUBE_EDITOR": nil, "EDITOR": nil]) { $1 }
            try repo.write("secrets/db.json", Self.secret(password: "pw-main"))
            try repo.git(["add", "."])
            try repo.git(["commit", "-q", "-m", "main"])
            try repo.git(["checkout", "-q", "-b", "other"])
            try repo.write("secrets/db.json", Self.secret(password: "pw-other"))
            try repo.git(["commit", "-q", "-am", "other"])
            try repo.git(["checkout", "-q", "main"])
        }

        static func secret(password: String) -> String {
            """
            {
              "apiVersion": "v1",
              "kind": "Secret",
              "metadata": {"name": "db"},
              "data": {"password": "\(Data(password.utf8).base64EncodedString())", "user": "\(Data("admin".utf8).base64EncodedString())"}
            }

            """
        }

        /// An editor that replaces the user `admin` by `user`, then runs `then` (shell).
        func editor(user: String, then: String = "") throws -> String {
            let url = repo.sandbox.url("editor-\(UUID().uuidString.prefix(6)).sh")
            try Data("#!/bin/sh\nsed -i 's/\"admin\"/\"\(user)\"/' \"$1\"\n\(then)\n".utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            return url.path
        }

        func edit(editor: String) throws -> Command.Result {
            try Command.run(plugin, ["edit", "secrets/db.json"], in: repo.sandbox.url("repo"),
                            environment: environment.merging(["EDITOR": editor]) { $1 })
        }

        /// The working-tree file decoded: (password, user) of its `data`.
        func current() throws -> (password: String, user: String)? {
            guard let object = try? JSONSerialization.jsonObject(with: Data(try repo.read("secrets/db.json"))) as? [String: Any],
                  let data = object["data"] as? [String: String],
                  let password = data["password"].flatMap({ Data(base64Encoded: $0) }),
                  let user = data["user"].flatMap({ Data(base64Encoded: $0) }) else { return nil }
            return (String(decoding: password, as: UTF8.self), String(decoding: user, as: UTF8.self))
        }

        /// The editor's copies kept on tmpfs that hold `user`.
        func keptCopies(holding user: String) -> [String] {
            filesContaining([user], under: tmpfs.run)
        }
    }

    @Test func aCheckoutWhileTheEditorIsOpenIsNotOverwrittenAndTheEditIsKept() throws {
        let sandbox = try EditSandbox()
        // The user edits; meanwhile (before saving) the file is switched to `other` by a checkout.
        let editor = try sandbox.editor(user: "edited-during-checkout", then: "git checkout -q other")
        let edit = try sandbox.edit(editor: editor)
        #expect(edit.status != 0, "\(edit.err)")
        #expect(edit.err.contains("error: secrets/db.json: cannot save: the file changed while it was being edited"), "\(edit.err)")
        // The checkout's file stands; the edit is not lost: it waits on tmpfs, and the hint says where.
        #expect(try sandbox.current()?.password == "pw-other")
        #expect(try sandbox.current()?.user == "admin")
        #expect(sandbox.keptCopies(holding: "edited-during-checkout").count == 1)
        #expect(edit.err.contains("hint: your edit is kept at \(sandbox.tmpfs.run.path)"), "\(edit.err)")
    }

    @Test func editAndCheckoutRacingNeverCorruptTheFileNorLoseAnEdit() throws {
        let sandbox = try EditSandbox()
        for round in 0..<12 {
            try sandbox.repo.git(["checkout", "-q", "-f", round % 2 == 0 ? "main" : "other"])
            let user = "edited-\(round)"
            let ran = sandbox.repo.sandbox.url("editor-ran-\(round)")
            let editor = try sandbox.editor(user: user, then: "touch \(ran.path); sleep 0.0\(round % 5)")
            let target = round % 2 == 0 ? "other" : "main"
            let delay = Double(round % 6) * 0.02
            let group = DispatchGroup()
            nonisolated(unsafe) var edit: Command.Result?
            nonisolated(unsafe) var checkout: Command.Result?
            group.enter()
            Thread { edit = try? sandbox.edit(editor: editor); group.leave() }.start()
            group.enter()
            Thread {
                Thread.sleep(forTimeInterval: delay)
                checkout = try? sandbox.repo.tryGit(["checkout", "-q", target])
                group.leave()
            }.start()
            group.wait()
            let edited = try #require(edit), switched = try #require(checkout)
            // Whole: always one of the two committed documents, edited or not.
            let now = try #require(try sandbox.current(), "round \(round): the file is not a whole document")
            #expect(["pw-main", "pw-other"].contains(now.password) && ["admin", user].contains(now.user), "round \(round)")
            // No lost edit: a saved edit is in the file; a refused one is kept on tmpfs. (An edit
            // that reads the file while git rewrites it fails with one line before the editor opens.)
            if !FileManager.default.fileExists(atPath: ran.path) {
                #expect(edited.status != 0 && edited.err.split(separator: "\n").count == 1, "round \(round): \(edited.err)")
            } else if edited.status == 0 {
                #expect(now.user == user, "round \(round): the saved edit was lost (file: \(now); checkout: \(switched.status) \(switched.err); edit: \(edited.err))")
            } else {
                #expect(now.user == "admin")
                #expect(sandbox.keptCopies(holding: user).count == 1, "round \(round): \(edited.err)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: sandbox.repo.sandbox.url("repo/secrets").path) == ["db.json"])
        }
        #expect(try sandbox.repo.git(["fsck", "--strict", "--no-dangling"]).status == 0)
    }
}
