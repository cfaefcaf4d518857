import Foundation
import TestSupport
import TestTraits
import Testing

/// Merges of encrypted files: decrypted three-way merges, and no plaintext in the object database
/// even when the merge conflicts.
@Suite struct GitMergeTests {
    static let base = """
        {
            "alpha": "alpha-base-1a",
            "spacer1": "s1",
            "spacer2": "s2",
            "spacer3": "s3",
            "omega": "omega-base-9z"
        }

        """

    /// main and `feature` each change the file from `base`; returns the repository on main.
    private func diverged(ours: String, theirs: String) throws -> GitsopsRepository {
        let repo = try GitsopsRepository()
        try repo.write("secrets/app.json", Self.base)
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "base"])
        try repo.git(["checkout", "-q", "-b", "feature"])
        try repo.write("secrets/app.json", theirs)
        try repo.git(["commit", "-q", "-am", "theirs"])
        try repo.git(["checkout", "-q", "main"])
        try repo.write("secrets/app.json", ours)
        try repo.git(["commit", "-q", "-am", "ours"])
        return repo
    }

    static let oursChange = base.replacingOccurrences(of: "alpha-base-1a", with: "alpha-ours-2b")
    static let nonOverlappingMerge = oursChange.replacingOccurrences(of: "omega-base-9z", with: "omega-theirs-8y")

    /// main changes alpha, `feature` omega; `git merge feature` run on main.
    private func mergedNonOverlapping() throws -> (repo: GitsopsRepository, oursStored: String, merge: Command.Result) {
        let theirs = Self.base.replacingOccurrences(of: "omega-base-9z", with: "omega-theirs-8y")
        let repo = try diverged(ours: Self.oursChange, theirs: theirs)
        let oursStored = String(decoding: try repo.stored("secrets/app.json"), as: UTF8.self)
        return (repo, oursStored, try repo.tryGit(["merge", "-q", "--no-edit", "feature"]))
    }

    @Test func nonOverlappingChangesMergeCleanlyAndStayEncrypted() throws {
        let (repo, oursStored, merge) = try mergedNonOverlapping()
        #expect(merge.status == 0, "\(merge.err)")
        #expect(try repo.read("secrets/app.json") == Array(Self.nonOverlappingMerge.utf8))
        #expect(try repo.git(["status", "--porcelain"]).out == "")
        let merged = try repo.stored("secrets/app.json")
        // The result is encrypted with ours' data key: unchanged values keep ours' ciphertext.
        let spacer = oursStored.split(separator: "\n").first { $0.contains("\"spacer2\"") }
        #expect(spacer != nil && String(decoding: merged, as: UTF8.self).contains(spacer!))
        let decrypted = try repo.decrypt(merged, format: "json")
        #expect(decrypted.status == 0, "\(decrypted.err)")
        #expect(decrypted.stdout == Data(Self.nonOverlappingMerge.utf8))
        let objects = try repo.allObjects()
        for value in ["alpha-base-1a", "alpha-ours-2b", "omega-theirs-8y", "\"s2\""] { #expect(!objects.contains(value)) }
    }

    @Test(.needsSopsRef) func theReferenceDecryptsACleanMergesResult() throws {
        let (repo, _, merge) = try mergedNonOverlapping()
        try #require(merge.status == 0, "\(merge.err)")
        #expect(try repo.referenceDecrypt(try repo.stored("secrets/app.json"), format: "json").status == 0)
    }

    static let conflictTheirs = base.replacingOccurrences(of: "alpha-base-1a", with: "alpha-theirs-3c")

    /// main and `feature` both change alpha; `git merge feature` run on main.
    private func mergedConflicting() throws -> (repo: GitsopsRepository, merge: Command.Result) {
        let repo = try diverged(ours: Self.oursChange, theirs: Self.conflictTheirs)
        return (repo, try repo.tryGit(["merge", "--no-edit", "feature"]))
    }

    /// Resolves the conflict with theirs and commits.
    private func resolveWithTheirs(_ repo: GitsopsRepository) throws {
        try repo.write("secrets/app.json", Self.conflictTheirs)
        try repo.git(["add", "secrets/app.json"])
        try repo.git(["commit", "-q", "--no-edit"])
    }

    @Test func aConflictShowsMarkersInTheWorkingTreeAndStoresNoPlaintext() throws {
        let (repo, merge) = try mergedConflicting()
        #expect(merge.status != 0)
        #expect(merge.out.contains("CONFLICT (content): Merge conflict in secrets/app.json"), "\(merge.out)")
        let working = String(decoding: try repo.read("secrets/app.json"), as: UTF8.self)
        #expect(working.contains("<<<<<<< HEAD\n    \"alpha\": \"alpha-ours-2b\",\n=======\n    \"alpha\": \"alpha-theirs-3c\",\n>>>>>>> feature\n"), "\(working)")
        #expect(try repo.git(["status", "--porcelain"]).out == "UU secrets/app.json\n")
        var objects = try repo.allObjects()
        for value in ["alpha-base-1a", "alpha-ours-2b", "alpha-theirs-3c", "<<<<<<<", "\"s2\""] {
            #expect(!objects.contains(value), "\(value) reached the object database")
        }
        // Adding the unresolved file fails (the markers do not parse); resolving it works.
        #expect(try repo.tryGit(["add", "secrets/app.json"]).status != 0)
        try resolveWithTheirs(repo)
        let decrypted = try repo.decrypt(try repo.stored("secrets/app.json"), format: "json")
        #expect(decrypted.status == 0, "\(decrypted.err)")
        #expect(decrypted.stdout == Data(Self.conflictTheirs.utf8))
        objects = try repo.allObjects()
        for value in ["alpha-base-1a", "alpha-ours-2b", "alpha-theirs-3c", "<<<<<<<"] { #expect(!objects.contains(value)) }
    }

    @Test(.needsSopsRef) func theReferenceDecryptsAResolvedConflict() throws {
        let (repo, merge) = try mergedConflicting()
        try #require(merge.status != 0)
        try resolveWithTheirs(repo)
        #expect(try repo.referenceDecrypt(try repo.stored("secrets/app.json"), format: "json").status == 0)
    }

    @Test func gitStoresWhatAMergeDriverLeavesEvenOnConflict() throws {
        // Why the driver encrypts conflicts: a driver that writes text to %A and reports a
        // conflict gets that text stored as a blob.
        let sandbox = try GitSandbox()
        try sandbox.initRepository()
        try sandbox.git(["config", "merge.naive.driver", "printf 'NAIVE-DRIVER-OUTPUT' > %A; exit 1"])
        try sandbox.write("repo/.gitattributes", "*.txt merge=naive\n")
        try sandbox.write("repo/f.txt", "base\n")
        try sandbox.git(["add", "."])
        try sandbox.git(["commit", "-q", "-m", "base"])
        try sandbox.git(["checkout", "-q", "-b", "other"])
        try sandbox.write("repo/f.txt", "theirs\n")
        try sandbox.git(["commit", "-q", "-am", "theirs"])
        try sandbox.git(["checkout", "-q", "main"])
        try sandbox.write("repo/f.txt", "ours\n")
        try sandbox.git(["commit", "-q", "-am", "ours"])
        #expect(try sandbox.run("git", ["merge", "other"]).status != 0)
        let objects = try sandbox.git(["cat-file", "--batch-all-objects", "--batch"]).out
        #expect(objects.contains("NAIVE-DRIVER-OUTPUT"))
    }

    @Test func withoutTheKeyTheMergeConflictsAndLeavesCiphertext() throws {
        let ours = Self.base.replacingOccurrences(of: "alpha-base-1a", with: "alpha-ours-2b")
        let theirs = Self.base.replacingOccurrences(of: "omega-base-9z", with: "omega-theirs-8y")
        let repo = try diverged(ours: ours, theirs: theirs)
        let oursStored = try repo.stored("secrets/app.json")
        let merge = try repo.tryGit(["merge", "--no-edit", "feature"], environment: repo.withoutKey)
        #expect(merge.status != 0)
        #expect(merge.err.contains("gitsops: error: secrets/app.json: cannot merge"), "\(merge.err)")
        #expect(try repo.stored("secrets/app.json", at: ":2") == oursStored)
        for value in ["alpha-ours-2b", "omega-theirs-8y"] { #expect(!(try repo.allObjects()).contains(value)) }
    }

    @Test func aMergeKilledMidwayLeavesNoDecryptedFileBehind() throws {
        let ours = Self.base.replacingOccurrences(of: "alpha-base-1a", with: "alpha-ours-2b")
        let theirs = Self.base.replacingOccurrences(of: "omega-base-9z", with: "omega-theirs-8y")
        let repo = try diverged(ours: ours, theirs: theirs)
        // A `git` that stops inside `git merge-file`, when the decrypted inputs exist, and says where they are.
        let record = repo.sandbox.url("merge-file-args")
        try repo.sandbox.write("shim/git", """
            #!/bin/sh
            if [ "$1" = merge-file ]; then echo "$$ $*" > \(record.path); exec sleep 20; fi
            exec git "$@"
            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.sandbox.url("shim/git").path)
        for (name, revision) in [("O", "HEAD~1"), ("A", "main"), ("B", "feature")] {
            try repo.sandbox.write("inputs/\(name)", Data(try repo.stored("secrets/app.json", at: revision)))
        }
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in repo.sandbox.environment.merging(repo.withKey, uniquingKeysWith: { $1 }) { environment[key] = value }
        environment["PATH"] = repo.sandbox.url("shim").path + ":" + (environment["PATH"] ?? "")
        let driver = try ChildProcess(GitsopsBinary.url.path,
                                      ["merge-driver"] + ["O", "A", "B"].map { repo.sandbox.url("inputs/" + $0).path } + ["secrets/app.json"],
                                      directory: repo.sandbox.url("repo").path, environment: environment,
                                      stdout: .inherit, stderr: .inherit)
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: record.path) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let words = try String(contentsOf: record, encoding: .utf8).split(whereSeparator: \.isWhitespace).map(String.init)
        let inputs = Array(words.suffix(3))
        let workspace = URL(fileURLWithPath: inputs[0]).deletingLastPathComponent().path
        #expect(workspace.hasPrefix("/dev/shm/gitsops-merge-"))
        #expect(inputs.allSatisfy { FileManager.default.fileExists(atPath: $0) })
        kill(driver.pid, SIGTERM)
        let ended = driver.wait()
        kill(Int32(words[0]) ?? 0, SIGKILL)
        #expect(ended.bySignal)
        #expect(!FileManager.default.fileExists(atPath: workspace), "\(workspace) survived SIGTERM")
        #expect(try repo.read("A", in: "inputs") == repo.stored("secrets/app.json", at: "main"))
    }

    /// The conflict marker lines of `text`.
    private static func markers(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("<<<<<<<") || $0.hasPrefix(">>>>>>>") }
    }

    /// `secrets/app.json` and an unfiltered `notes.txt` changed on main and on feature-x: git's own
    /// markers in notes.txt are what the secret's must match.
    private func divergedWithNotes() throws -> GitsopsRepository {
        let repo = try GitsopsRepository()
        try repo.write("secrets/app.json", Self.base)
        try repo.write("notes.txt", "base\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "base"])
        try repo.git(["checkout", "-q", "-b", "feature-x"])
        try repo.write("secrets/app.json", Self.base.replacingOccurrences(of: "alpha-base-1a", with: "alpha-theirs-3c"))
        try repo.write("notes.txt", "theirs\n")
        try repo.git(["commit", "-q", "-am", "theirs"])
        try repo.git(["checkout", "-q", "main"])
        try repo.write("secrets/app.json", Self.base.replacingOccurrences(of: "alpha-base-1a", with: "alpha-ours-2b"))
        try repo.write("notes.txt", "ours\n")
        try repo.git(["commit", "-q", "-am", "ours"])
        return repo
    }

    /// `git merge feature-x`: `<<<<<<< HEAD` and `>>>>>>> feature-x`, as git writes for files it
    /// merges itself; also with a driver configured before gitsops passed %S %X %Y.
    @Test(arguments: [false, true])
    func conflictMarkersCarryTheNamesGitGives(olderConfig: Bool) throws {
        let repo = try divergedWithNotes()
        if olderConfig { try repo.git(["config", "merge.gitsops.driver", "gitsops merge-driver --marker-size %L %O %A %B %P"]) }
        #expect(try repo.tryGit(["merge", "feature-x"]).status != 0)
        let working = String(decoding: try repo.read("secrets/app.json"), as: UTF8.self)
        #expect(Self.markers(working) == ["<<<<<<< HEAD", ">>>>>>> feature-x"], "\(working)")
        #expect(Self.markers(String(decoding: try repo.read("notes.txt"), as: UTF8.self)) == ["<<<<<<< HEAD", ">>>>>>> feature-x"])
    }

    /// A cherry-pick: git from 2.44 passes its labels (`>>>>>>> 1a2b3c4 (subject)`), as for its own
    /// files; older git passes none and has no name for theirs in the environment.
    @Test func aCherryPickConflictNamesOursHEAD() throws {
        let repo = try divergedWithNotes()
        #expect(try repo.tryGit(["cherry-pick", "feature-x"]).status != 0)
        let secret = Self.markers(String(decoding: try repo.read("secrets/app.json"), as: UTF8.self))
        let notes = Self.markers(String(decoding: try repo.read("notes.txt"), as: UTF8.self))
        #expect(secret.first == "<<<<<<< HEAD" && notes.first == "<<<<<<< HEAD")
        let version = try repo.git(["version"]).out.split(separator: " ").last.map { $0.split(separator: ".").compactMap { Int($0) } } ?? []
        let expandsLabels = version.lexicographicallyPrecedes([2, 44]) == false
        #expect(secret.last == (expandsLabels ? notes.last : ">>>>>>> theirs"), "\(secret) \(notes)")
    }

    /// The labels as git 2.44 and later pass them (quoted, with spaces), straight to the driver.
    @Test func labelsGivenOnTheCommandLineNameTheSides() throws {
        let repo = try divergedWithNotes()
        for (name, revision) in [("O", "HEAD~1"), ("A", "main"), ("B", "feature-x")] {
            try repo.sandbox.write("inputs/\(name)", Data(try repo.stored("secrets/app.json", at: revision)))
        }
        try repo.git(["config", "merge.conflictStyle", "diff3"])
        let driver = try repo.gitsops(["merge-driver", "--marker-size", "9", "--base-label=merged common ancestors",
                                       "--ours-label=HEAD", "--theirs-label=1a2b3c4 (theirs)"]
                                      + ["O", "A", "B"].map { repo.sandbox.url("inputs/" + $0).path } + ["secrets/app.json"])
        #expect(driver.status == 1, "\(driver.err)")
        let carrier = try repo.sandbox.read("inputs/A")
        let shown = try repo.gitsops(["smudge", "secrets/app.json"], stdin: carrier)
        #expect(shown.status == 0, "\(shown.err)")
        let lines = shown.out.split(separator: "\n").map(String.init).filter { $0.hasPrefix("<<<<") || $0.hasPrefix("||||") || $0.hasPrefix(">>>>") }
        #expect(lines == ["<<<<<<<<< HEAD", "||||||||| merged common ancestors", ">>>>>>>>> 1a2b3c4 (theirs)"], "\(shown.out)")
    }
}
