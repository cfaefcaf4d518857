import Foundation
import TestSupport
import Testing

/// A required filter that fails one file fails git for the whole team: a commit holding a damaged
/// secret, or a secret this user has no key for, must not stop clone, checkout, merge, rebase,
/// `gitsops init` or `unlock`. The file stays as stored, one warning names it, and `doctor` and
/// `check` say what is wrong with it.
@Suite struct GitDamagedFileTests {
    static let healthy = "apiVersion: v1\nkind: Secret\nstringData:\n  password: pw-healthy-1a2b\n  user: admin\n"

    /// Ways a stored secret goes bad, each with the reason the warning gives.
    static let damages: [(name: String, reason: String, damage: @Sendable (String, GitsopsRepository) throws -> String)] = [
        ("a metadata field renamed", "truncated or damaged sops document", { text, _ in
            text.replacingOccurrences(of: "lastmodified:", with: "lastmodifed:") }),
        ("a value line removed", "its MAC does not verify: damaged or tampered", { text, _ in
            text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("    user: ENC[") }.joined(separator: "\n") }),
        ("bad base64", "a value does not decrypt: damaged or tampered", { text, _ in
            text.replacingOccurrences(of: "password: ENC[AES256_GCM,data:", with: "password: ENC[AES256_GCM,data:!") }),
        ("cut in half", "truncated or damaged sops document", { text, _ in String(text.prefix(text.count / 2)) }),
        ("encrypted for someone else", "no usable key here", { _, repo in
            let other = try repo.sandbox.run("age-keygen", [], in: ".").out
            let recipient = String(other.split(separator: "\n").first { $0.hasPrefix("# public key: ") }!.dropFirst("# public key: ".count))
            try repo.write("stranger.yaml", healthy, in: ".")
            return try repo.gitsops(["encrypt", "--age", recipient, "stranger.yaml"], in: ".").out
        }),
    ]

    /// `repo` with secrets/a.yaml healthy and secrets/b.yaml damaged by `damage`, committed as a
    /// teammate's broken tool would (straight into the index, hooks skipped). Returns the damaged blob.
    static func repositoryWithDamagedSecret(_ damage: (String, GitsopsRepository) throws -> String) throws -> (GitsopsRepository, [UInt8]) {
        let repo = try GitsopsRepository()
        try repo.write("secrets/a.yaml", healthy)
        try repo.write("secrets/b.yaml", healthy.replacingOccurrences(of: "1a2b", with: "3c4d"))
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secrets"])
        let damaged = Array(try damage(String(decoding: try repo.stored("secrets/b.yaml"), as: UTF8.self), repo).utf8)
        try repo.commitStored("secrets/b.yaml", damaged, message: "a teammate's broken tool")
        return (repo, damaged)
    }

    @Test(arguments: damages.map { ($0.name, $0.reason) })
    func aDamagedSecretDoesNotStopCloneCheckoutInitOrUnlock(name: String, reason: String) throws {
        let damage = Self.damages.first { $0.name == name }!.damage
        let (repo, damaged) = try Self.repositoryWithDamagedSecret(damage)

        // A key holder whose filter is configured before the checkout (as `clone -c` or a global config).
        let clone = try repo.git(["clone", "-q"] + repo.filterConfigArguments() + [repo.sandbox.url("repo").path, repo.sandbox.url("configured").path],
                                 in: ".")
        #expect(try repo.read("secrets/a.yaml", in: "configured") == Array(Self.healthy.utf8), "\(name)")
        #expect(try repo.read("secrets/b.yaml", in: "configured") == damaged, "\(name)")
        let lines = clone.err.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("gitsops: warning: left encrypted, as stored: secrets/b.yaml (\(reason)")
            && lines[0].hasSuffix("; run `gitsops doctor` for details"), "\(name): \(clone.err)")
        #expect(try repo.git(["status", "--porcelain"], in: "configured").out == "", "\(name)")

        // The documented way: clone, then `gitsops init`.
        try repo.git(["clone", "-q", repo.sandbox.url("repo").path, repo.sandbox.url("clone").path], in: ".")
        let initialized = try repo.gitsops(["init"], in: "clone")
        #expect(initialized.status == 0, "\(name): \(initialized.err)")
        #expect(initialized.out.contains("decrypted 1 file in the working tree"), "\(name): \(initialized.out)")
        #expect(initialized.out.contains("1 file stays encrypted, as stored: secrets/b.yaml (\(reason)"), "\(name): \(initialized.out)")
        #expect(try repo.read("secrets/a.yaml", in: "clone") == Array(Self.healthy.utf8), "\(name)")
        #expect(try repo.read("secrets/b.yaml", in: "clone") == damaged, "\(name)")
        #expect(try repo.git(["ls-files"], in: "clone").out == ".gitattributes\n.sops.yaml\nsecrets/a.yaml\nsecrets/b.yaml\n")
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "", "\(name)")

        // doctor and check name the file and why; unlock and branch switches go on.
        let doctor = try repo.gitsops(["doctor"], in: "clone")
        #expect(doctor.status == 1)
        #expect(doctor.out.contains("FAIL 1 file is checked out encrypted, as stored: secrets/b.yaml (\(reason)"), "\(name): \(doctor.out)")
        if reason != "no usable key here" {
            let check = try repo.gitsops(["check"], in: "clone")
            #expect(check.status == 1, "\(name)")
            #expect(check.err.hasPrefix("gitsops: secrets/b.yaml: "), "\(name): \(check.err)")
        }
        let unlock = try repo.gitsops(["unlock"], in: "clone")
        #expect(unlock.status == 0, "\(name): \(unlock.err)")
        #expect(unlock.err.contains("secrets/b.yaml (\(reason)"), "\(name): \(unlock.err)")
        try repo.git(["switch", "-q", "-c", "topic", "HEAD~1"], in: "clone")
        #expect(try repo.read("secrets/b.yaml", in: "clone") == Array(Self.healthy.replacingOccurrences(of: "1a2b", with: "3c4d").utf8))
        try repo.git(["switch", "-q", "main"], in: "clone")
        #expect(try repo.read("secrets/b.yaml", in: "clone") == damaged)
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "", "\(name)")
    }

    @Test func stashMergeAndRebaseGoOnOverADamagedSecret() throws {
        let (repo, damaged) = try Self.repositoryWithDamagedSecret(Self.damages[0].damage)
        try repo.git(["clone", "-q", repo.sandbox.url("repo").path, repo.sandbox.url("clone").path], in: ".")
        try repo.gitsops(["init"], in: "clone")
        try repo.git(["switch", "-q", "-c", "feature", "HEAD~1"], in: "clone")
        try repo.write("secrets/c.yaml", "stringData:\n  token: pw-feature-5e6f\n", in: "clone")
        try repo.git(["add", "secrets/c.yaml"], in: "clone")
        try repo.git(["commit", "-q", "-m", "feature"], in: "clone")
        // Work in progress set aside over the rebase, then brought back.
        let wip = Self.healthy.replacingOccurrences(of: "1a2b", with: "wip-7a8b")
        try repo.write("secrets/a.yaml", wip, in: "clone")
        try repo.git(["stash", "-q"], in: "clone")
        try repo.git(["rebase", "-q", "main"], in: "clone")
        #expect(try repo.read("secrets/b.yaml", in: "clone") == damaged)
        try repo.git(["stash", "pop", "-q"], in: "clone")
        #expect(try repo.read("secrets/a.yaml", in: "clone") == Array(wip.utf8))
        try repo.git(["checkout", "-q", "--", "secrets/a.yaml"], in: "clone")
        try repo.git(["switch", "-q", "main"], in: "clone")
        try repo.git(["merge", "-q", "--no-edit", "feature"], in: "clone")
        #expect(try repo.read("secrets/c.yaml", in: "clone") == Array("stringData:\n  token: pw-feature-5e6f\n".utf8))
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "")
    }

    @Test func unlockLeavesEveryFileAsItWasWhenTheIndexCannotBeWritten() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/a.yaml", Self.healthy)
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secrets"])
        try repo.git(["clone", "-q", repo.sandbox.url("repo").path, repo.sandbox.url("clone").path], in: ".", environment: repo.withoutKey)
        try repo.gitsops(["init"], in: "clone", environment: repo.withoutKey)
        let stored = try repo.stored("secrets/a.yaml")
        #expect(try repo.read("secrets/a.yaml", in: "clone") == stored)
        // Another git command holds the index: the decrypted file cannot be recorded, so it is put back.
        try repo.write(".git/index.lock", "", in: "clone")
        let blocked = try repo.gitsops(["unlock"], in: "clone")
        #expect(blocked.status == 1)
        #expect(blocked.err.contains("index"), "\(blocked.err)")
        #expect(try repo.read("secrets/a.yaml", in: "clone") == stored)
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo.sandbox.url("clone/secrets").path) == ["a.yaml"])
        try FileManager.default.removeItem(at: repo.sandbox.url("clone/.git/index.lock"))
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "")
        let unlocked = try repo.gitsops(["unlock"], in: "clone")
        #expect(unlocked.status == 0, "\(unlocked.err)")
        #expect(try repo.read("secrets/a.yaml", in: "clone") == Array(Self.healthy.utf8))
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "")
    }

    /// `git show` of a file that does not decrypt shows it as stored, with one warning in words.
    @Test func textconvOfADamagedSecretWarnsInWords() throws {
        let (repo, damaged) = try Self.repositoryWithDamagedSecret(Self.damages.first { $0.name == "a value line removed" }!.damage)
        let shown = try repo.git(["cat-file", "--textconv", "HEAD:secrets/b.yaml"])
        #expect(shown.out == String(decoding: damaged, as: UTF8.self))
        // Both the smudge (git prepares the blob as checked out) and textconv say it, in words.
        let lines = shown.err.split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.hasPrefix("gitsops: warning: left encrypted, as stored: ")
            && $0.hasSuffix("b.yaml (its MAC does not verify: damaged or tampered); run `gitsops doctor` for details") }, "\(shown.err)")
    }

    @Test func stagingPartOfASecretWithAddPatchDoesNotWedgeGit() throws {
        let repo = try GitsopsRepository()
        let lines = ["password: pw-first-1111"] + (1...8).map { "k\($0): v\($0)" } + ["user: admin-2222"]
        try repo.write("secrets/a.yaml", lines.joined(separator: "\n") + "\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secrets"])
        let edited = lines.map { $0.replacingOccurrences(of: "pw-first-1111", with: "pw-second-3333").replacingOccurrences(of: "admin-2222", with: "root-4444") }
        try repo.write("secrets/a.yaml", edited.joined(separator: "\n") + "\n")
        // Stage the first hunk of the stored (encrypted) diff only: a document whose MAC no longer verifies.
        try repo.git(["add", "-p", "secrets/a.yaml"], stdin: Data("y\nq\n".utf8))
        let check = try repo.gitsops(["check", "--staged"])
        #expect(check.status == 1)
        #expect(check.err.contains("secrets/a.yaml: its MAC does not verify: damaged or tampered; stage the whole file again"), "\(check.err)")
        // status, add, reset and commit all work: clean encrypts the working file afresh.
        #expect(try repo.git(["status", "--porcelain"]).out == "MM secrets/a.yaml\n")
        try repo.git(["reset", "-q", "secrets/a.yaml"])
        try repo.git(["add", "-p", "secrets/a.yaml"], stdin: Data("y\nq\n".utf8))
        try repo.git(["add", "secrets/a.yaml"])
        #expect(try repo.gitsops(["check", "--staged"]).status == 0)
        try repo.git(["commit", "-q", "-m", "both values"])
        #expect(try repo.git(["status", "--porcelain"]).out == "")
        let shown = try repo.git(["cat-file", "--textconv", "HEAD:secrets/a.yaml"]).out
        #expect(shown == edited.joined(separator: "\n") + "\n")
        #expect(!(try repo.allObjects()).contains("pw-second-3333"))
    }

    @Test func checkingOutAConflictedSecretWithMergeDoesNotCrashGit() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/x.yaml", "a: 1\nb: base\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "base"])
        try repo.git(["switch", "-q", "-c", "feature"])
        try repo.write("secrets/x.yaml", "a: 1\nb: feature\n")
        try repo.git(["commit", "-q", "-am", "feature"])
        try repo.git(["switch", "-q", "main"])
        try repo.write("secrets/x.yaml", "a: 1\nb: main\n")
        try repo.git(["commit", "-q", "-am", "main"])
        #expect(try repo.tryGit(["merge", "-q", "feature"]).status == 1)
        for arguments in [["checkout", "-m", "--", "secrets/x.yaml"], ["checkout", "--conflict=diff3", "--", "secrets/x.yaml"]] {
            try repo.write("secrets/x.yaml", "scribbled over\n")
            let checkout = try repo.tryGit(arguments)
            #expect(checkout.status == 0, "git \(arguments.joined(separator: " ")): \(checkout.err)")
            #expect(!FileManager.default.fileExists(atPath: repo.sandbox.url("repo/.git/index.lock").path))
            let text = String(decoding: try repo.read("secrets/x.yaml"), as: UTF8.self)
            #expect(text.contains("<<<<<<< ") && text.contains("b: main") && text.contains("b: feature"), "\(text)")
        }
        #expect(try repo.git(["status", "--porcelain"]).out == "UU secrets/x.yaml\n")
    }

    @Test func theMACMismatchErrorNamesTheFileAndShowsNoDigest() throws {
        let (repo, damaged) = try Self.repositoryWithDamagedSecret(Self.damages[1].damage)
        try repo.write("tampered.yaml", damaged, in: ".")
        let decrypt = try repo.gitsops(["decrypt", "tampered.yaml"], in: ".")
        #expect(decrypt.status == 1)
        #expect(decrypt.out.isEmpty)
        #expect(decrypt.err.hasPrefix("gitsops: error: tampered.yaml: MAC mismatch: its values do not match its MAC\n"), "\(decrypt.err)")
        #expect(decrypt.err.firstRange(of: /[0-9A-Fa-f]{32}/) == nil, "\(decrypt.err)")
    }
}
