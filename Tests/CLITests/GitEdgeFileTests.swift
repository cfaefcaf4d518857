import Foundation
import TestSupport
import Testing

/// Odd files and setups a team meets: empty files, conflict markers, a hand-edited ciphertext,
/// `git archive`, committed attributes with other patterns, wildmatch brackets, `--no-checkout`.
@Suite struct GitEdgeFileTests {
    @Test func anEmptyFileIsStoredEmptyAndNeverLooksChanged() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/.gitkeep", "")
        try repo.write("secrets/a.yaml", "password: pw-empty-neighbour-1111\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secrets folder"])
        #expect(try repo.stored("secrets/.gitkeep").isEmpty)
        #expect(try repo.git(["status", "--porcelain"]).out == "")
        #expect(try repo.git(["diff"]).out == "")
        #expect(try repo.gitsops(["check", "--rev", "HEAD"]).status == 0)
        // A merge that must set local state aside on both sides.
        try repo.git(["switch", "-q", "-c", "feature"])
        try repo.write("secrets/a.yaml", "password: pw-feature-2222\n")
        try repo.git(["commit", "-q", "-am", "feature"])
        try repo.git(["switch", "-q", "main"])
        try repo.write("README.md", "main\n")
        try repo.git(["add", "README.md"])
        try repo.git(["commit", "-q", "-m", "main"])
        try repo.git(["merge", "-q", "--no-edit", "--autostash", "feature"])
        try repo.git(["clone", "-q", "--config", "filter.gitsops.process=gitsops filter-process",
                      repo.sandbox.url("repo").path, repo.sandbox.url("clone").path], in: ".")
        #expect(try repo.read("secrets/.gitkeep", in: "clone").isEmpty)
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "")
        try repo.git(["rm", "-q", "secrets/.gitkeep"])
        #expect(try repo.git(["status", "--porcelain"]).out == "D  secrets/.gitkeep\n")
    }

    @Test(arguments: ["secrets/cert.pem", "secrets/notes.txt", "secrets/app.env", "secrets/a.yaml"])
    func conflictMarkersAreRefusedInEveryFormat(path: String) throws {
        let repo = try GitsopsRepository()
        let line = { (value: String) in path.hasSuffix(".yaml") ? "key: \(value)" : "KEY=\(value)" }
        try repo.write(path, line("pw-ours-3333") + "\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secret"])
        let before = try repo.objectIDs()
        try repo.write(path, "\(line("first"))\n<<<<<<< HEAD\n\(line("pw-ours-3333"))\n=======\n\(line("pw-theirs-4444"))\n>>>>>>> feature-x\n")
        let add = try repo.tryGit(["add", path])
        #expect(add.status != 0)
        #expect(add.err.contains("gitsops: error: \(path): holds unresolved merge conflict markers (line 2)"), "\(add.err)")
        #expect(try repo.objectIDs() == before)
        #expect(try repo.git(["status", "--porcelain"]).status == 0)
    }

    @Test func aValueTurnedIntoPlaintextInACiphertextIsRefused() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/a.yaml", "password: pw-original-5555\nuser: admin\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secret"])
        #expect(try repo.gitsops(["lock"]).status == 0)
        let stored = String(decoding: try repo.read("secrets/a.yaml"), as: UTF8.self)
        let edited = stored.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("password: ENC[") ? "password: pw-handedit-6666" : String($0) }.joined(separator: "\n")
        try repo.write("secrets/a.yaml", edited)
        let before = try repo.objectIDs()
        let add = try repo.tryGit(["add", "secrets/a.yaml"])
        #expect(add.status != 0)
        #expect(add.err.contains("gitsops: error: secrets/a.yaml: is a sops document with values in clear that must be encrypted: password:"), "\(add.err)")
        #expect(try repo.objectIDs() == before)
        let hash = try repo.git(["hash-object", "--no-filters", "secrets/a.yaml"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try repo.tryGit(["cat-file", "-e", hash]).status != 0)
        // A ciphertext without its MAC (sops refuses to decrypt it) is refused the same way.
        let macless = stored.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("    mac: ") }.joined(separator: "\n")
        try repo.write("secrets/a.yaml", macless)
        let noMAC = try repo.tryGit(["add", "secrets/a.yaml"])
        #expect(noMAC.err.contains("gitsops: error: secrets/a.yaml: is a sops document without a MAC"), "\(noMAC.err)")
        #expect(try repo.objectIDs() == before)
        // The untouched ciphertext (the locked tree) is still accepted as it is.
        try repo.git(["checkout", "--", "secrets/a.yaml"])
        #expect(try repo.git(["status", "--porcelain"]).out == "")
    }

    @Test func gitArchiveExportsTheCiphertextUnlessAskedForPlaintext() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/a.yaml", "password: pw-archive-7777\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secret"])
        let stored = try repo.stored("secrets/a.yaml")
        func archived(_ environment: [String: String?] = [:]) throws -> [UInt8] {
            try repo.git(["archive", "--format=tar", "-o", repo.sandbox.url("out.tar").path, "HEAD"], environment: environment)
            return Array(try repo.sandbox.run("tar", ["-xOf", repo.sandbox.url("out.tar").path, "secrets/a.yaml"], in: ".").stdout)
        }
        #expect(try archived() == stored)
        #expect(try archived(["GITSOPS_ARCHIVE": "decrypted"]) == Array("password: pw-archive-7777\n".utf8))
        // The single-file filter (no filter process configured) too.
        try repo.git(["config", "--unset", "filter.gitsops.process"])
        #expect(try archived() == stored)
        #expect(try archived(["GITSOPS_ARCHIVE": "decrypted"]) == Array("password: pw-archive-7777\n".utf8))
    }

    @Test func initKeepsACommittedGitattributesThatRoutesOtherPatterns() throws {
        let repo = try GitsopsRepository(initialize: false)
        let attributes = "# secrets of every cluster\nclusters/*/secrets/** filter=gitsops diff=gitsops merge=gitsops -text\n"
        try repo.write(".gitattributes", attributes)
        try repo.write(".sops.yaml", "creation_rules:\n  - path_regex: ^clusters/[^/]+/secrets/\n    age: \(repo.recipient)\n")
        #expect(try repo.gitsops(["init"]).status == 0)
        #expect(String(decoding: try repo.read(".gitattributes"), as: UTF8.self) == attributes)
        try repo.write("clusters/prod/secrets/db.env", "PASSWORD=pw-cluster-8888\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "prod"])
        #expect(!(try repo.allObjects()).contains("pw-cluster-8888"))

        try repo.git(["clone", "-q", repo.sandbox.url("repo").path, repo.sandbox.url("clone").path], in: ".")
        let initialized = try repo.gitsops(["init"], in: "clone")
        #expect(initialized.status == 0, "\(initialized.err)")
        #expect(!initialized.out.contains(".gitattributes"), "\(initialized.out)")
        #expect(String(decoding: try repo.read(".gitattributes", in: "clone"), as: UTF8.self) == attributes)
        #expect(try repo.read("clusters/prod/secrets/db.env", in: "clone") == Array("PASSWORD=pw-cluster-8888\n".utf8))
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "")
    }

    @Test func bracketPatternsMatchTheFilesGitRoutesToTheFilter() throws {
        let repo = try GitsopsRepository(initialize: false)
        #expect(try repo.gitsops(["init", "--pattern", "env/[a-c]*/creds.env", "--age", repo.recipient]).status == 0)
        try repo.write("env/b1/creds.env", "PASSWORD=pw-bracket-9999\n")
        try repo.write("env/d1/creds.env", "PASSWORD=not-a-secret-path\n")
        #expect(try repo.git(["check-attr", "filter", "--", "env/b1/creds.env", "env/d1/creds.env"]).out
            == "env/b1/creds.env: filter: gitsops\nenv/d1/creds.env: filter: unspecified\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "envs"])
        #expect(String(decoding: try repo.stored("env/b1/creds.env"), as: UTF8.self).contains("sops_mac=ENC["))
        #expect(!(try repo.allObjects()).contains("pw-bracket-9999"))
    }

    @Test func initInANoCheckoutCloneDoesNotBlockTheCheckout() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/a.yaml", "password: pw-nocheckout-1212\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secret"])
        try repo.git(["clone", "-q", "--no-checkout", repo.sandbox.url("repo").path, repo.sandbox.url("clone").path], in: ".")
        let initialized = try repo.gitsops(["init", "--age", repo.recipient], in: "clone")
        #expect(initialized.status == 0, "\(initialized.err)")
        #expect(!FileManager.default.fileExists(atPath: repo.sandbox.url("clone/.gitattributes").path))
        #expect(!FileManager.default.fileExists(atPath: repo.sandbox.url("clone/.sops.yaml").path))
        try repo.git(["checkout", "-q", "main"], in: "clone")
        #expect(try repo.read("secrets/a.yaml", in: "clone") == Array("password: pw-nocheckout-1212\n".utf8))
        #expect(try repo.read(".gitattributes", in: "clone") == (try repo.read(".gitattributes")))
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "")
    }
}
