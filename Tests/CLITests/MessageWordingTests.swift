import Foundation
import TestSupport
import Testing

/// Error messages as a user reads them: how a child process ended in words, paths relative to
/// where the user stands, a damaged sops document called that, a bad line in an age key file named.
@Suite struct MessageWordingTests {
    /// A kubectl that fails, or is killed, while `diff` asks it for a dry run.
    @Test(arguments: [("exit 3", "kubectl apply exited with status 3"),
                      ("kill -TERM $$", "kubectl apply was killed by signal 15 (SIGTERM)")])
    func aFailedChildIsDescribedInWords(body: String, expected: String) throws {
        let sandbox = try PluginSandbox()
        try sandbox.writeSecret("db", data: ["password": "s3cret"])
        let kubectl = try sandbox.script("kubectl", "cat > /dev/null\n[ \"$1\" = apply ] && { \(body); }\nexit 0\n")
        let result = try sandbox.run(["diff", "secrets/"], environment: ["KUBECTL": kubectl])
        #expect(result.status == 2)
        #expect(result.err == "kubectl secrets: error: \(expected)\n", "\(result.err)")
    }

    /// `encrypt` and `decrypt` name a file the same way, relative to the current directory, however
    /// the user spelled it.
    @Test func encryptAndDecryptNameFilesRelativeToTheCurrentDirectory() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/broken.yaml", "a: [\n")
        try FileManager.default.createDirectory(at: repo.sandbox.url("repo/sub"), withIntermediateDirectories: true)
        let absolute = repo.sandbox.url("repo/secrets/broken.yaml").path
        for (directory, spelling, shown) in [("repo/sub", "../secrets/broken.yaml", "../secrets/broken.yaml"),
                                             ("repo/sub", absolute, "../secrets/broken.yaml"),
                                             ("repo", absolute, "secrets/broken.yaml"),
                                             ("repo", "./sub/../secrets/broken.yaml", "secrets/broken.yaml")] {
            let encrypt = try repo.gitsops(["encrypt", spelling], in: directory)
            #expect(encrypt.status == 1)
            #expect(encrypt.err.hasPrefix("gitsops: error: \(shown): Error unmarshalling input yaml: line 1, column 4"), "\(encrypt.err)")
            let decrypt = try repo.gitsops(["decrypt", spelling], in: directory)
            #expect(decrypt.status == 1)
            #expect(decrypt.err.hasPrefix("gitsops: error: \(shown): Error unmarshalling input yaml: line 1, column 4"), "\(decrypt.err)")
        }
        // A path outside the current directory's tree stays absolute.
        let outside = try repo.gitsops(["encrypt", "/nonexistent/x.yaml"], in: "repo/sub")
        #expect(outside.err.hasPrefix("gitsops: error: /nonexistent/x.yaml: cannot open the file"), "\(outside.err)")
        // The .sops.yaml a rule message names is relative too.
        try repo.write("other/x.yaml", "a: 1\n")
        let unmatched = try repo.gitsops(["encrypt", "../other/x.yaml"], in: "repo/sub")
        #expect(unmatched.err.hasPrefix("gitsops: error: ../other/x.yaml: error loading config: no matching creation rules found for 'other/x.yaml' in ../.sops.yaml\n"),
                "\(unmatched.err)")
    }

    /// A sops document cut short (its `sops` block incomplete) is called damaged, on `git add` and
    /// `gitsops encrypt`, instead of "already encrypted, decrypt it first".
    @Test func aTruncatedSopsDocumentIsCalledDamaged() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/db.yaml", "password: s3cret\nuser: admin\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "db"])
        let stored = try repo.stored("secrets/db.yaml")
        let text = String(decoding: stored, as: UTF8.self)
        // Cut inside the sops block, before lastmodified and the MAC.
        let cut = try #require(text.range(of: "    lastmodified:"))
        try repo.write("secrets/cut.yaml", String(text[..<cut.lowerBound]))
        let expected = "gitsops: error: secrets/cut.yaml: truncated or damaged sops document (parsing time \"\" as RFC3339: cannot parse (sops.lastmodified))\n"
        let encrypt = try repo.gitsops(["encrypt", "secrets/cut.yaml"])
        #expect(encrypt.status == 1)
        #expect(encrypt.err.hasPrefix(expected), "\(encrypt.err)")
        #expect(encrypt.err.hasSuffix("gitsops: hint: restore it from an earlier commit, or re-encrypt it from its plaintext\n"))
        let add = try repo.tryGit(["add", "secrets/cut.yaml"])
        #expect(add.status != 0)
        #expect(add.err.hasPrefix(expected), "\(add.err)")
        // Complete but for its MAC: damaged too. A whole sops document is still "already encrypted".
        let noMAC = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("    mac:") }.joined(separator: "\n")
        try repo.write("secrets/nomac.yaml", noMAC)
        #expect(try repo.gitsops(["encrypt", "secrets/nomac.yaml"]).err.hasPrefix(
            "gitsops: error: secrets/nomac.yaml: truncated or damaged sops document (it has no sops.mac)\n"))
        try repo.write("secrets/whole.yaml", stored)
        #expect(try repo.gitsops(["encrypt", "secrets/whole.yaml"]).err.contains("This is generally due to the file already being encrypted"))
    }

    /// One bad line in an age key file: the message names the line and says that none of the
    /// file's keys were used (age reads a key file whole or not at all).
    @Test func aGarbageLineInAnAgeKeyFileIsNamed() throws {
        let repo = try GitsopsRepository()
        try repo.write("secrets/db.yaml", "password: s3cret\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "db"])
        let key = try String(contentsOf: repo.keyFile, encoding: .utf8)
        let keys = repo.sandbox.url("keys-with-garbage.txt")
        try Data((key + "\nnot-a-key here\n").utf8).write(to: keys)
        let line = key.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        try repo.write("db.enc.yaml", try repo.stored("secrets/db.yaml"))
        let result = try repo.gitsops(["decrypt", "db.enc.yaml"], environment: ["SOPS_AGE_KEY_FILE": keys.path])
        #expect(result.status == 1)
        #expect(result.err.contains("SOPS_AGE_KEY_FILE file \(keys.path), line \(line): "), "\(result.err)")
        #expect(result.err.contains("; none of the keys in it were used\n"), "\(result.err)")
        #expect(result.err.hasSuffix("gitsops: hint: fix or delete line \(line) (comments start with #)\n"), "\(result.err)")
        #expect(!result.err.contains("s3cret"))
    }
}
