import Foundation
import TestSupport
import Testing

/// The leak suite: everyday git flows (and `kubectl secrets edit`) on realistic secrets, every
/// command traced with strace, then the object database, `.git/`, the sandbox's disk and the
/// traced writes searched for the plaintext values.
@Suite struct HardeningLeakTests {
    /// A sandbox whose every value (and comment) contains `needle`.
    final class Flows: @unchecked Sendable {
        let repo: GitsopsRepository
        let tmpfs: TmpfsArea
        let trace: WriteTrace
        /// Unique to this run; every plaintext value and comment contains it.
        let needle = "canary-\(UUID().uuidString.prefix(8).lowercased())"
        /// The base64 spelling of the Secret's `data` value, which is plaintext too.
        var dataValue: String { "\(needle)-k8s-data" }
        var needles: [String] { [needle, Data(dataValue.utf8).base64EncodedString()] }
        var leaks: [WriteTrace.Leak] = []
        /// Commands whose output printed plaintext without being asked to.
        var chatty: [String] = []
        var environment: [String: String?]

        init() throws {
            repo = try GitsopsRepository("gitsops-leak", initialize: false)
            tmpfs = try TmpfsArea()
            trace = WriteTrace(directory: tmpfs.traces)
            let bin = repo.sandbox.url("bin")
            try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: bin.appendingPathComponent("kubectl-secrets").path,
                                                       withDestinationPath: GitsopsBinary.url.path)
            let path = bin.path + ":" + (repo.sandbox.environment["PATH"].flatMap { $0 } ?? "/usr/bin:/bin")
            environment = repo.sandbox.environment.merging(repo.withKey) { $1 }.merging(tmpfs.environment) { $1 }
                .merging(["PATH": path, "GIT_EDITOR": "true", "EDITOR": nil, "KUBE_EDITOR": nil]) { $1 }
            // Settings that would put plaintext on disk if gitsops let them: init must switch off
            // the textconv cache; commit.verbose writes textconv output into .git/COMMIT_EDITMSG.
            try repo.git(["config", "--global", "diff.gitsops.cachetextconv", "true"], environment: environment)
            try repo.git(["config", "--global", "commit.verbose", "true"], environment: environment)
            try step(GitsopsBinary.url.path, ["init", "--age", repo.recipient])
        }

        /// Runs `executable` traced in `directory`; records plaintext written to forbidden places
        /// and, unless `asks`, plaintext on stdout/stderr.
        @discardableResult
        func step(_ executable: String, _ arguments: [String], in directory: String = "repo", asks: Bool = false,
                  succeeds: Bool = true, environment extra: [String: String?] = [:]) throws -> Command.Result {
            let command = ([URL(fileURLWithPath: executable).lastPathComponent] + arguments).joined(separator: " ")
            let (result, file) = try trace.run(executable, arguments, in: repo.sandbox.url(directory),
                                               environment: environment.merging(extra) { $1 })
            if succeeds { #expect(result.status == 0, "\(command): \(result.err)") } else { #expect(result.status != 0, "\(command)") }
            let allowed = ["repo/secrets/", "clone/secrets/"].map { repo.sandbox.url($0).path }
                + [tmpfs.root.path + "/", "pipe:", "socket:", "/dev/null"]
            leaks += try WriteTrace.leaks(in: file, command: command, needles: needles, allowed: allowed)
            try FileManager.default.removeItem(at: file)
            if !asks && needles.contains(where: { result.out.contains($0) || result.err.contains($0) }) { chatty.append(command) }
            return result
        }

        @discardableResult
        func git(_ arguments: [String], in directory: String = "repo", asks: Bool = false, succeeds: Bool = true,
                 environment extra: [String: String?] = [:]) throws -> Command.Result {
            try step("/usr/bin/env", ["git"] + arguments, in: directory, asks: asks, succeeds: succeeds, environment: extra)
        }

        /// Replaces the value `needle-old` by `needle-new` in a working-tree file.
        func edit(_ path: String, _ old: String, _ new: String) throws {
            let text = String(decoding: try repo.read(path), as: UTF8.self)
            let value = try Regex("\(needle)-\(old)(?![a-z0-9-])")
            #expect(text.contains(value), "\(path) lacks \(old)")
            try repo.write(path, text.replacing(value, with: "\(needle)-\(new)"))
        }

        /// Checks out `branch` (created at `start` when given), replaces a value and commits.
        func commitEdit(on branch: String, from start: String? = nil, _ path: String, _ old: String, _ new: String) throws {
            try git(["checkout", "-q"] + (start.map { ["-b", branch, $0] } ?? [branch]))
            try edit(path, old, new)
            try git(["commit", "-q", "-am", "\(branch): \(new)"])
        }

        func writeSecrets() throws {
            // The default rule for YAML manifests encrypts data and stringData (Flux reads the rest):
            // secrets and their comments live there.
            try repo.write("secrets/app.yaml", """
                # Credentials of the api
                apiVersion: v1
                kind: Secret
                metadata:
                  name: api   # the name pods mount
                type: Opaque
                stringData:
                  # rotated monthly, \(needle)-head-comment
                  password: "\(needle)-yaml-quoted"   # \(needle)-line-comment
                  token: \(needle)-yaml-plain
                  tls.key: |
                    -----BEGIN PRIVATE KEY-----
                    \(needle)-yaml-block
                    -----END PRIVATE KEY-----
                  motd: >-
                    \(needle)-yaml-folded
                    second line
                  spare: '\(needle)-yaml-single'

                """)
            try repo.write("secrets/db.json", """
                {
                  "apiVersion": "v1",
                  "kind": "Secret",
                  "metadata": {"name": "db"},
                  "data": {"k8s": "\(Data(dataValue.utf8).base64EncodedString())"},
                  "stringData": {"password": "\(needle)-json", "list": "\(needle)-json-other"}
                }

                """)
            try repo.write("secrets/app.env", "# \(needle)-env-comment\nDB_PASSWORD=\(needle)-env\nAPI_KEY=\"\(needle)-env-quoted\"\n")
            try repo.write("secrets/key.bin", [0, 1, 2, 0xff, 0xfe] + Array("\(needle)-binary".utf8) + [0, 0x0d, 0x0a, 0x80])
            try repo.write("README.md", "public\n")
        }

        /// Checks the object database (all objects, reachable or not) of `directory`.
        func expectCleanObjects(in directory: String, _ label: String) throws {
            let objects = try repo.git(["cat-file", "--batch-all-objects", "--batch"], in: directory, environment: environment).stdout
            #expect(objects.count > 1000, "\(label): object database is empty")
            for needle in needles { #expect(objects.range(of: Data(needle.utf8)) == nil, "\(label): plaintext in the object database") }
        }
    }

    @Test func everydayFlowsLeaveNoPlaintextOutsideTheWorkingTreeAndTmpfs() throws {
        let flows = try Flows()
        try flows.writeSecrets()
        // add / commit / diff / log -p / show.
        try flows.git(["add", "."])
        try flows.git(["commit", "-q", "-m", "secrets"])
        try flows.edit("secrets/db.json", "json", "json-rotated")
        #expect(try flows.git(["diff"], asks: true).out.contains("\(flows.needle)-json-rotated"))
        try flows.git(["add", "secrets/db.json"])
        // commit.verbose with an editor: git writes the (textconv'd) diff into COMMIT_EDITMSG.
        try flows.git(["commit", "-q"], environment: ["GIT_EDITOR": "sed -i 1s/^/rotate/"])
        #expect(try flows.git(["log", "-p"], asks: true).out.contains("\(flows.needle)-json-rotated"))
        #expect(try flows.git(["show", "HEAD"], asks: true).out.contains("\(flows.needle)-json-rotated"))
        try flows.git(["diff", "HEAD~1", "HEAD"], asks: true)
        // A clean merge.
        try flows.commitEdit(on: "feature", from: "main", "secrets/app.env", "env", "env-feature")
        try flows.commitEdit(on: "main", "secrets/app.yaml", "yaml-plain", "yaml-main")
        try flows.git(["merge", "-q", "--no-edit", "feature"])
        // A conflicted merge, resolved.
        try flows.commitEdit(on: "conflict", from: "main", "secrets/db.json", "json-rotated", "json-theirs")
        try flows.commitEdit(on: "main", "secrets/db.json", "json-rotated", "json-ours")
        let merge = try flows.git(["merge", "--no-edit", "conflict"], succeeds: false)
        #expect(merge.out.contains("CONFLICT (content): Merge conflict in secrets/db.json"))
        try flows.git(["status"])
        let conflicted = String(decoding: try flows.repo.read("secrets/db.json"), as: UTF8.self)
        #expect(conflicted.contains("<<<<<<<") && conflicted.contains("\(flows.needle)-json-theirs"))
        try flows.git(["add", "secrets/db.json"], succeeds: false)
        let resolved = conflicted.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("<<<<<<<") && !$0.hasPrefix("=======") && !$0.hasPrefix(">>>>>>>") && !$0.contains("json-theirs") }
            .joined(separator: "\n").replacingOccurrences(of: "json-ours", with: "json-resolved")
        try flows.repo.write("secrets/db.json", resolved)
        try flows.git(["add", "secrets/db.json"])
        try flows.git(["commit", "-q", "--no-edit"])
        // stash.
        try flows.edit("secrets/app.yaml", "yaml-quoted", "yaml-stashed")
        try flows.git(["stash", "-q"])
        try flows.git(["stash", "show", "-p"], asks: true)
        try flows.git(["stash", "pop", "-q"])
        try flows.git(["commit", "-q", "-am", "stashed"])
        // cherry-pick and revert.
        try flows.commitEdit(on: "pick", from: "feature", "secrets/app.yaml", "yaml-block", "yaml-picked")
        try flows.git(["checkout", "-q", "main"])
        try flows.git(["cherry-pick", "pick"])
        try flows.git(["revert", "--no-edit", "HEAD"])
        // A rebase that conflicts, resolved, continued.
        try flows.commitEdit(on: "rebased", from: "main", "secrets/app.env", "env-quoted", "env-rebased")
        try flows.commitEdit(on: "rebased", "secrets/db.json", "json-resolved", "json-rebase-side")
        try flows.commitEdit(on: "main", "secrets/db.json", "json-resolved", "json-main-side")
        try flows.git(["checkout", "-q", "rebased"])
        let rebase = try flows.git(["rebase", "main"], succeeds: false)
        #expect(rebase.out.contains("CONFLICT (content): Merge conflict in secrets/db.json"), "\(rebase.out)")
        try flows.repo.write("secrets/db.json", resolved.replacingOccurrences(of: "json-resolved", with: "json-rebase-fixed"))
        try flows.git(["add", "secrets/db.json"])
        try flows.git(["rebase", "--continue"])
        try flows.git(["checkout", "-q", "main"])
        try flows.git(["merge", "-q", "--ff-only", "rebased"])
        // kubectl secrets edit (scripted editor) and view.
        let editor = flows.repo.sandbox.url("editor.sh")
        try Data("#!/bin/sh\nsed -i 's/-json-other/-json-edited/' \"$1\"\n".utf8).write(to: editor)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
        try flows.step(flows.repo.sandbox.url("bin/kubectl-secrets").path, ["edit", "secrets/db.json"], environment: ["EDITOR": editor.path])
        #expect(String(decoding: try flows.repo.read("secrets/db.json"), as: UTF8.self).contains("\(flows.needle)-json-edited"))
        #expect(try flows.step(flows.repo.sandbox.url("bin/kubectl-secrets").path, ["view", "secrets/db.json"], asks: true)
            .out.contains("\(flows.needle)-json-edited"))
        try flows.git(["commit", "-q", "-am", "edited"])
        // clone (with the key, set up), and the same checks on it.
        try flows.git(["clone", "-q", flows.repo.sandbox.url("repo").path, flows.repo.sandbox.url("clone").path], in: ".")
        try flows.step(GitsopsBinary.url.path, ["init"], in: "clone")
        #expect(String(decoding: try flows.repo.read("secrets/db.json", in: "clone"), as: UTF8.self).contains("\(flows.needle)-json-edited"))
        #expect(try flows.git(["status", "--porcelain"], in: "clone").out == "")

        // The object database: loose, then packed.
        try flows.expectCleanObjects(in: "repo", "loose")
        try flows.expectCleanObjects(in: "clone", "clone")
        try flows.git(["gc", "-q", "--prune=now"])
        #expect(try flows.git(["count-objects", "-v"]).out.contains("count: 0"))
        try flows.expectCleanObjects(in: "repo", "packed")
        // No textconv cache, no notes.
        #expect(try flows.git(["for-each-ref", "refs/notes"]).out == "")
        // Nothing under .git (index, reflogs, COMMIT_EDITMSG, rebase and merge state) nor anywhere
        // else on disk in the sandbox (HOME included) holds plaintext, except the working trees.
        let onDisk = filesContaining(flows.needles, under: flows.repo.sandbox.root.url) { relative in
            (relative.hasPrefix("repo/secrets/") || relative.hasPrefix("clone/secrets/"))
        }
        #expect(onDisk.isEmpty, "plaintext on disk: \(onDisk)")
        let index = try flows.repo.sandbox.read("repo/.git/index")
        #expect(index.count > 0 && !flows.needles.contains { index.range(of: Data($0.utf8)) != nil })
        // Traced writes: plaintext went only to working trees, tmpfs, pipes and sockets.
        #expect(flows.leaks.isEmpty, "\(flows.leaks)")
        #expect(flows.chatty.isEmpty, "plaintext printed by \(flows.chatty)")
        // gitsops' and git's temporary files on tmpfs were all removed.
        #expect(flows.tmpfs.leftovers().isEmpty, "\(flows.tmpfs.leftovers())")
    }

    @Test func theTraceCatchesPlaintextWrittenOutsideTheAllowedPlaces() throws {
        // The detector itself: a copy of a secret into .git is reported; one into tmpfs is not.
        let flows = try Flows()
        try flows.writeSecrets()
        let copy = "import sys; open(sys.argv[2], 'wb').write(open(sys.argv[1], 'rb').read())"
        try flows.step("/usr/bin/python3", ["-c", copy, "secrets/app.env", flows.tmpfs.tmp.appendingPathComponent("copy").path])
        #expect(flows.leaks.isEmpty)
        try flows.step("/usr/bin/python3", ["-c", copy, "secrets/app.env", ".git/copy"])
        #expect(flows.leaks.map(\.target) == [flows.repo.sandbox.url("repo/.git/copy").path])
        #expect(filesContaining(flows.needles, under: flows.repo.sandbox.url("repo/.git")) == ["copy"])
    }
}
