import Foundation
import TestSupport
import Testing

/// `gitsops encrypt --age "ssh-ed25519 …"` and `decrypt` with the SSH key sops would use.
@Suite struct AgeSSHCLITests {
    static let plaintext = "password: hunter2\nuser: admin\n"

    /// A home directory with `.ssh/id_ed25519` from ssh-keygen; returns the public key line.
    private func home(passphrase: String = "") throws -> (TemporaryDirectory, String) {
        let home = try TemporaryDirectory("ssh-cli")
        try FileManager.default.createDirectory(at: home.url.appendingPathComponent(".ssh"), withIntermediateDirectories: true)
        let key = home.path + "/.ssh/id_ed25519"
        let keygen = try Command.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", passphrase, "-C", "alice@laptop", "-f", key])
        #expect(keygen.status == 0, "\(keygen.err)")
        let line = try String(contentsOfFile: key + ".pub", encoding: .utf8).trimmingCharacters(in: .newlines)
        return (home, line)
    }

    private func env(home: String, keyFile: String? = nil) -> [String: String?] {
        ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "SOPS_AGE_KEY": nil, "SOPS_AGE_KEY_FILE": nil,
         "SOPS_AGE_SSH_PRIVATE_KEY_FILE": keyFile, "SOPS_AGE_SSH_PRIVATE_KEY_CMD": nil, "SOPS_AGE_RECIPIENTS": nil,
         "SOPS_PGP_FP": nil, "SOPS_CONFIG": nil]
    }

    /// Encrypts `plain.yaml` in a directory without keys; returns the encrypted file.
    private func encrypt(to recipient: String, in dir: TemporaryDirectory) throws -> URL {
        try dir.file("plain.yaml", contents: Self.plaintext)
        let encrypted = try GitsopsBinary.run(["encrypt", "--age", recipient, "plain.yaml"], in: dir.url, environment: env(home: dir.path))
        #expect(encrypted.status == 0, "\(encrypted.err)")
        #expect(encrypted.out.contains("recipient: \(recipient)\n"))
        #expect(!encrypted.out.contains("hunter2"))
        return try dir.file("secret.enc.yaml", contents: encrypted.out)
    }

    @Test func decryptsWithTheKeyFileVariableAndWithTheDefaultKeyInHome() throws {
        let (home, recipient) = try home()
        let work = try TemporaryDirectory("ssh-cli-work")
        let file = try encrypt(to: recipient, in: work)
        let viaVariable = try GitsopsBinary.run(["decrypt", file.path], in: work.url,
                                                environment: env(home: work.path, keyFile: home.path + "/.ssh/id_ed25519"))
        #expect(viaVariable.status == 0, "\(viaVariable.err)")
        #expect(viaVariable.out == Self.plaintext)
        let viaHome = try GitsopsBinary.run(["decrypt", file.path], in: work.url, environment: env(home: home.path))
        #expect(viaHome.status == 0, "\(viaHome.err)")
        #expect(viaHome.out == Self.plaintext)
        let without = try GitsopsBinary.run(["decrypt", file.path], in: work.url, environment: env(home: work.path))
        #expect(without.status != 0)
        #expect(without.err.contains("age \(recipient): no age identity found"))
    }

    @Test func passphraseProtectedKeyIsNamedInTheError() throws {
        let (home, recipient) = try home(passphrase: "correct horse")
        let work = try TemporaryDirectory("ssh-cli-work")
        let file = try encrypt(to: recipient, in: work)
        let key = home.path + "/.ssh/id_ed25519"
        let result = try GitsopsBinary.run(["decrypt", file.path], in: work.url, environment: env(home: work.path, keyFile: key))
        #expect(result.status != 0)
        #expect(result.err.contains("the SSH key SOPS_AGE_SSH_PRIVATE_KEY_FILE file \(key) is protected by a passphrase"))
        #expect(!result.err.contains("hunter2"))
    }

    @Test func initWithAnSSHRecipientAndTheFilterEncryptsForIt() throws {
        let (home, recipient) = try home()
        let repo = try GitsopsRepository(initialize: false)
        let result = try repo.gitsops(["init", "--age", recipient])
        #expect(result.status == 0, "\(result.err)")
        #expect(String(decoding: try repo.read(".sops.yaml"), as: UTF8.self).contains("    age: '\(recipient)'\n"))
        let manifest = "apiVersion: v1\nkind: Secret\nstringData:\n  password: ssh-wrapped-7c\n"
        try repo.write("secrets/db.yaml", manifest)
        let sshKey: [String: String?] = ["SOPS_AGE_SSH_PRIVATE_KEY_FILE": home.path + "/.ssh/id_ed25519"]
        try repo.git(["add", "."], environment: sshKey)
        try repo.git(["commit", "-q", "-m", "ssh"], environment: sshKey)
        let stored = String(decoding: try repo.stored("secrets/db.yaml"), as: UTF8.self)
        #expect(stored.contains("recipient: \(recipient)\n") && !stored.contains("ssh-wrapped-7c"))
        try repo.write("stored.yaml", stored)
        let decrypted = try repo.gitsops(["decrypt", "stored.yaml"], environment: sshKey.merging(["SOPS_AGE_KEY_FILE": nil]) { $1 })
        #expect(decrypted.status == 0, "\(decrypted.err)")
        #expect(decrypted.out == manifest)
    }
}
