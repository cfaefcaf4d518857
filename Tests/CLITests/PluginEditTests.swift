import Foundation
import TestSupport
import Testing

/// `edit` with a scripted $EDITOR: the plaintext lives only in a tmpfs copy, the result is
/// re-encrypted with the same data key, and every exit path removes the copy.
@Suite struct PluginEditTests {
    /// A private tmpfs directory standing in for $XDG_RUNTIME_DIR, so the test can see what is left.
    func runtimeDirectory() throws -> URL {
        let url = URL(fileURLWithPath: "/dev/shm/gitsops-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }

    @Test func changeAValueAndAddAKeyKeepsUntouchedCiphertext() throws {
        let sandbox = try PluginSandbox()
        let runtime = try runtimeDirectory()
        defer { try? FileManager.default.removeItem(at: runtime) }
        try sandbox.writeSecret("db", data: ["password": "s3cret", "user": "admin"])
        let before = try sandbox.ciphertexts("secrets/db.json")
        let editor = try sandbox.script("editor.sh", """
            sed -i 's/"s3cret"/"n3w-pass"/; s/"user": "admin"/"user": "admin",\\n      "token": "t0ken"/' "$1"
            """)
        let result = try sandbox.run(["edit", "secrets/db.json"], environment: ["EDITOR": editor, "XDG_RUNTIME_DIR": runtime.path])
        #expect(result.status == 0, "\(result.err)")
        let data = try sandbox.decrypt("secrets/db.json")["data"] as! [String: String]
        #expect(data == ["password": Data("n3w-pass".utf8).base64EncodedString(), "user": Data("admin".utf8).base64EncodedString(),
                         "token": Data("t0ken".utf8).base64EncodedString()])
        let after = try sandbox.ciphertexts("secrets/db.json")
        #expect(after["user"] == before["user"])
        #expect(after["password"] != before["password"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: runtime.path).isEmpty)
    }

    @Test func exitWithoutChangeTouchesNothing() throws {
        let sandbox = try PluginSandbox()
        let runtime = try runtimeDirectory()
        defer { try? FileManager.default.removeItem(at: runtime) }
        try sandbox.writeSecret("db", data: ["password": "s3cret"])
        let original = try Data(contentsOf: sandbox.repo.appendingPathComponent("secrets/db.json"))
        let result = try sandbox.run(["edit", "secrets/db.json"], environment: ["EDITOR": "true", "XDG_RUNTIME_DIR": runtime.path])
        #expect(result.status == 0)
        #expect(result.err == "Edit cancelled, no changes made.\n")
        #expect(try Data(contentsOf: sandbox.repo.appendingPathComponent("secrets/db.json")) == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: runtime.path).isEmpty)
    }

    @Test func invalidEditReopensWithTheErrorThenSaves() throws {
        let sandbox = try PluginSandbox()
        let runtime = try runtimeDirectory()
        defer { try? FileManager.default.removeItem(at: runtime) }
        try sandbox.writeSecret("db", data: ["password": "s3cret"])
        let seen = sandbox.root.url.appendingPathComponent("second-round.txt")
        // First round: break the JSON. Second round: record what was shown, then write a fix.
        let editor = try sandbox.script("editor.sh", """
            if [ ! -e "$0.ran" ]; then touch "$0.ran"; sed -i 's/"s3cret"/"fixed"/; s/^}/}}/' "$1"; exit 0; fi
            grep '^#' "$1" > "\(seen.path)"
            sed -i 's/^}}/}/' "$1"
            """)
        let result = try sandbox.run(["edit", "secrets/db.json"], environment: ["EDITOR": editor, "XDG_RUNTIME_DIR": runtime.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(try String(contentsOf: seen, encoding: .utf8).contains("# The edited file had an error:\n# invalid JSON"))
        let data = try sandbox.decrypt("secrets/db.json")["data"] as! [String: String]
        #expect(data["password"] == Data("fixed".utf8).base64EncodedString())
        #expect(try FileManager.default.contentsOfDirectory(atPath: runtime.path).isEmpty)
    }

    /// An editor that writes one invalid text whatever it is shown (or returns at once, like a
    /// GUI editor started without --wait after a first bad save): the second identical attempt
    /// ends the edit with the error and exit 1, as `kubectl edit` does, instead of reopening forever.
    @Test(arguments: ["same-invalid", "returns-at-once"])
    func anUnfixedErrorEndsTheEditInsteadOfReopening(editorKind: String) throws {
        let sandbox = try PluginSandbox()
        let runtime = try runtimeDirectory()
        defer { try? FileManager.default.removeItem(at: runtime) }
        try sandbox.writeSecret("db", data: ["password": "s3cret"])
        let original = try Data(contentsOf: sandbox.repo.appendingPathComponent("secrets/db.json"))
        let runs = sandbox.root.url.appendingPathComponent("editor-runs")
        let body = editorKind == "same-invalid"
            ? "echo run >> \"\(runs.path)\"; printf '{\"apiVersion\": \"v1\", \"kind\": \"Secret\",\\n' > \"$1\"\n"
            // First run breaks the JSON; every later run leaves the reopened file as shown.
            : "echo run >> \"\(runs.path)\"; [ \"$(wc -l < \"\(runs.path)\")\" -gt 1 ] || sed -i 's/^}/}}/' \"$1\"\n"
        let editor = try sandbox.script("editor.sh", body)
        let result = try sandbox.run(["edit", "secrets/db.json"], environment: ["EDITOR": editor, "XDG_RUNTIME_DIR": runtime.path])
        #expect(result.status == 1, "\(result.err)")
        #expect(result.err.hasPrefix("kubectl secrets: error: secrets/db.json: edit cancelled: the file is still invalid (invalid JSON"), "\(result.err)")
        #expect(try String(contentsOf: runs, encoding: .utf8) == "run\nrun\n")
        #expect(try Data(contentsOf: sandbox.repo.appendingPathComponent("secrets/db.json")) == original)
        // The unfixed text is kept for the user in tmpfs, as the hint says.
        let kept = try FileManager.default.subpathsOfDirectory(atPath: runtime.path).filter { $0.hasSuffix("edit-db.json") }
        #expect(kept.count == 1)
        #expect(result.err.contains("kubectl secrets: hint: your edit is kept at \(runtime.path)/"))
    }

    @Test(arguments: ["KILL", "TERM"])
    func editorKilledBySignalLeavesTheFileAlone(signal: String) throws {
        let sandbox = try PluginSandbox()
        let runtime = try runtimeDirectory()
        defer { try? FileManager.default.removeItem(at: runtime) }
        try sandbox.writeSecret("db", data: ["password": "s3cret"])
        let original = try Data(contentsOf: sandbox.repo.appendingPathComponent("secrets/db.json"))
        let editor = try sandbox.script("editor.sh", "sed -i 's/s3cret/changed/' \"$1\"; kill -\(signal) $$\n")
        let result = try sandbox.run(["edit", "secrets/db.json"], environment: ["EDITOR": editor, "XDG_RUNTIME_DIR": runtime.path])
        #expect(result.status == 1)
        let number = signal == "KILL" ? 9 : 15
        #expect(result.err.contains("the editor was killed by signal \(number) (SIG\(signal)); nothing was changed"), "\(result.err)")
        #expect(try Data(contentsOf: sandbox.repo.appendingPathComponent("secrets/db.json")) == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: runtime.path).isEmpty)
    }

    @Test(arguments: ["INT", "TERM", "HUP"])
    func signalToThePluginRemovesTheTmpfsCopy(signal: String) throws {
        let sandbox = try PluginSandbox()
        let runtime = try runtimeDirectory()
        defer { try? FileManager.default.removeItem(at: runtime) }
        try sandbox.writeSecret("db", data: ["password": "s3cret"])
        // The editor signals its parent (the plugin) and waits to be terminated.
        let editor = try sandbox.script("editor.sh", "kill -\(signal) $PPID; sleep 10\n")
        let result = try sandbox.run(["edit", "secrets/db.json"], environment: ["EDITOR": editor, "XDG_RUNTIME_DIR": runtime.path])
        #expect(result.status != 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: runtime.path).isEmpty)
    }

    @Test func plaintextIsNeverWrittenOutsideTmpfs() throws {
        let sandbox = try PluginSandbox()
        let runtime = try runtimeDirectory()
        defer { try? FileManager.default.removeItem(at: runtime) }
        try sandbox.writeSecret("db", data: ["password": "s3cret-original"])
        let editor = try sandbox.script("editor.sh", "sed -i 's/s3cret-original/s3cret-edited/' \"$1\"\n")
        let trace = sandbox.root.url.appendingPathComponent("trace.txt")
        let result = try Command.run("strace", ["-f", "-y", "-s", "65536", "-e", "trace=openat,rename,renameat,renameat2,write,pwrite64",
                                                "-o", trace.path, sandbox.plugin, "edit", "secrets/db.json"], in: sandbox.repo,
                                     environment: sandbox.environment.merging(["EDITOR": editor, "XDG_RUNTIME_DIR": runtime.path]) { $1 })
        #expect(result.status == 0, "\(result.err)")
        let secrets = ["s3cret-original", "s3cret-edited", Data("s3cret-original".utf8).base64EncodedString(),
                       Data("s3cret-edited".utf8).base64EncodedString()]
        var checked = 0
        for line in try String(contentsOf: trace, encoding: .utf8).split(separator: "\n") where line.contains("write(") {
            guard let open = line.range(of: "<"), let close = line.range(of: ">", range: open.upperBound..<line.endIndex) else { continue }
            let target = String(line[open.upperBound..<close.lowerBound])
            checked += 1
            if target.hasPrefix(runtime.path) || target.hasPrefix("pipe:") || target.hasPrefix("/dev/") || target.hasPrefix("socket:") { continue }
            #expect(!secrets.contains { line.contains($0) }, "plaintext written to \(target)")
        }
        #expect(checked > 0)
        let data = try sandbox.decrypt("secrets/db.json")["data"] as! [String: String]
        #expect(data["password"] == Data("s3cret-edited".utf8).base64EncodedString())
    }
}
