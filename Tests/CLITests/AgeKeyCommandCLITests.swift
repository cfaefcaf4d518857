import Foundation
import TestSupport
import Testing

/// `SOPS_AGE_KEY_CMD` and `SOPS_AGE_SSH_PRIVATE_KEY_CMD` through the built binary and real git.
@Suite struct AgeKeyCommandCLITests {
    static let plaintext = "password: hunter2\nuser: admin\n"

    /// No identity from the test process's environment or a default file reaches the child.
    private func env(home: String, _ extra: [String: String?] = [:]) -> [String: String?] {
        ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "SOPS_AGE_KEY": nil, "SOPS_AGE_KEY_FILE": nil,
         "SOPS_AGE_KEY_CMD": nil, "SOPS_AGE_SSH_PRIVATE_KEY_FILE": nil, "SOPS_AGE_SSH_PRIVATE_KEY_CMD": nil,
         "SOPS_AGE_RECIPIENTS": nil, "SOPS_PGP_FP": nil, "SOPS_CONFIG": nil].merging(extra) { $1 }
    }

    /// A script that counts its runs in `dir/runs`, exits 1 when its first argument is `fail`, checks
    /// it was asked for `recipient`, and prints `keyFile`.
    private func keyScript(in dir: TemporaryDirectory, keyFile: String, recipient: String) throws -> String {
        let url = try dir.file("vault", contents: """
            #!/bin/sh
            echo run >> '\(dir.path)/runs'
            [ "$1" = fail ] && { echo "vault: access denied" >&2; exit 1; }
            [ "$SOPS_AGE_RECIPIENT" = '\(recipient)' ] || { echo "vault: asked for '$SOPS_AGE_RECIPIENT'" >&2; exit 3; }
            cat '\(keyFile)'

            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    private func runs(in dir: TemporaryDirectory) -> Int {
        ((try? String(contentsOfFile: dir.path + "/runs", encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    private func ageKey(in dir: TemporaryDirectory) throws -> (file: String, recipient: String) {
        let file = dir.path + "/keys.txt"
        let keygen = try Command.run("age-keygen", ["-o", file])
        #expect(keygen.status == 0, "\(keygen.err)")
        return (file, try Command.run("age-keygen", ["-y", file]).out.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private func encrypt(to recipient: String, in dir: TemporaryDirectory) throws -> URL {
        try dir.file("plain.yaml", contents: Self.plaintext)
        let encrypted = try GitsopsBinary.run(["encrypt", "--age", recipient, "plain.yaml"], in: dir.url, environment: env(home: dir.path))
        #expect(encrypted.status == 0, "\(encrypted.err)")
        return try dir.file("secret.enc.yaml", contents: encrypted.out)
    }

    @Test func decryptRunsTheKeyCommandAndNamesItWhenItFails() throws {
        let dir = try TemporaryDirectory("age-cmd-cli")
        let key = try ageKey(in: dir)
        let script = try keyScript(in: dir, keyFile: key.file, recipient: key.recipient)
        let file = try encrypt(to: key.recipient, in: dir)
        let decrypted = try GitsopsBinary.run(["decrypt", file.path], in: dir.url,
                                              environment: env(home: dir.path, ["SOPS_AGE_KEY_CMD": "\(script) read \"age key\""]))
        #expect(decrypted.status == 0, "\(decrypted.err)")
        #expect(decrypted.out == Self.plaintext)
        let failed = try GitsopsBinary.run(["decrypt", file.path], in: dir.url,
                                           environment: env(home: dir.path, ["SOPS_AGE_KEY_CMD": "\(script) fail"]))
        #expect(failed.status != 0)
        #expect(failed.err.contains("vault: access denied\n"))
        #expect(failed.err.contains("age \(key.recipient): SOPS_AGE_KEY_CMD: command `\(script)` exited with status 1; no age identity found"))
        #expect(!failed.err.contains("AGE-SECRET-KEY") && !failed.err.contains("hunter2"))
        #expect(runs(in: dir) == 2)
    }

    @Test func decryptWithAnSSHKeyPrintedByACommand() throws {
        let dir = try TemporaryDirectory("age-ssh-cmd-cli")
        let keyFile = dir.path + "/id_ed25519"
        let keygen = try Command.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "ci@host", "-f", keyFile])
        #expect(keygen.status == 0, "\(keygen.err)")
        let recipient = try String(contentsOfFile: keyFile + ".pub", encoding: .utf8).trimmingCharacters(in: .newlines)
        let file = try encrypt(to: recipient, in: dir)
        let decrypted = try GitsopsBinary.run(["decrypt", file.path], in: dir.url,
                                              environment: env(home: dir.path, ["SOPS_AGE_SSH_PRIVATE_KEY_CMD": "cat '\(keyFile)'"]))
        #expect(decrypted.status == 0, "\(decrypted.err)")
        #expect(decrypted.out == Self.plaintext)
    }

    @Test func theFilterRunsTheKeyCommandOnceForManyFiles() throws {
        let repo = try GitsopsRepository("age-cmd-git")
        let counter = try TemporaryDirectory("age-cmd-counter")
        let script = try keyScript(in: counter, keyFile: repo.keyFile.path, recipient: repo.recipient)
        let count = 40
        for index in 0..<count {
            try repo.write("secrets/app\(index).yaml", "password: cmd-secret-\(index)\n")
        }
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secrets"])
        let viaCommand: [String: String?] = ["SOPS_AGE_KEY_FILE": nil, "SOPS_AGE_KEY_CMD": script]
        try repo.cloneAndInit(environment: viaCommand)
        #expect(try repo.read("secrets/app7.yaml", in: "clone") == Array("password: cmd-secret-7\n".utf8))
        // `gitsops init` in the clone checks the files out through one filter process: one run.
        let afterClone = runs(in: counter)
        #expect(afterClone == 1)
        // One checkout is one filter process: one run for all files.
        try repo.git(["rm", "-q", "--cached", "-r", "secrets"], in: "clone", environment: viaCommand)
        try FileManager.default.removeItem(atPath: repo.sandbox.url("clone/secrets").path)
        try repo.git(["checkout", "HEAD", "--", "secrets"], in: "clone", environment: viaCommand)
        for index in [0, count - 1] {
            #expect(try repo.read("secrets/app\(index).yaml", in: "clone") == Array("password: cmd-secret-\(index)\n".utf8))
        }
        #expect(runs(in: counter) == afterClone + 1)
        #expect(try repo.git(["status", "--porcelain"], in: "clone", environment: viaCommand).out == "")
    }
}
