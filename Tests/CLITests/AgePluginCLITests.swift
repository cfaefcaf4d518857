import Foundation
import TestSupport
import Testing

/// `gitsops encrypt --age age1gitsopstest1…`, `decrypt` and the git filter with the test age plugin on PATH.
@Suite struct AgePluginCLITests {
    static let plaintext = "password: hunter2\nuser: admin\n"

    private func env(home: String, keyFile: String? = nil, path: String = AgeTestPlugin.path,
                     mode: String? = nil) -> [String: String?] {
        ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "SOPS_AGE_KEY": nil, "SOPS_AGE_KEY_FILE": keyFile,
         "SOPS_AGE_KEY_CMD": nil, "SOPS_AGE_SSH_PRIVATE_KEY_FILE": nil, "SOPS_AGE_SSH_PRIVATE_KEY_CMD": nil,
         "SOPS_AGE_RECIPIENTS": nil, "SOPS_PGP_FP": nil, "SOPS_CONFIG": nil, "PATH": path, "GITSOPSTEST_MODE": mode]
    }

    /// Encrypts `plain.yaml` to the plugin's recipient; returns the encrypted file and the identity file.
    private func encrypted(in dir: TemporaryDirectory) throws -> (file: URL, identity: URL, plugin: AgeTestPlugin) {
        let plugin = try AgeTestPlugin()
        try dir.file("plain.yaml", contents: Self.plaintext)
        let result = try GitsopsBinary.run(["encrypt", "--age", plugin.recipient, "plain.yaml"], in: dir.url, environment: env(home: dir.path))
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("recipient: \(plugin.recipient)\n"))
        #expect(!result.out.contains("hunter2"))
        return (try dir.file("secret.enc.yaml", contents: result.out), try dir.file("keys.txt", contents: plugin.identity + "\n"), plugin)
    }

    @Test func encryptsToAPluginRecipientAndDecryptsWithThePluginIdentity() throws {
        let dir = try TemporaryDirectory("age-plugin-cli")
        let (file, identity, plugin) = try encrypted(in: dir)
        let decrypted = try GitsopsBinary.run(["decrypt", file.path], in: dir.url, environment: env(home: dir.path, keyFile: identity.path))
        #expect(decrypted.status == 0, "\(decrypted.err)")
        #expect(decrypted.out == Self.plaintext)
        let missing = try GitsopsBinary.run(["decrypt", file.path], in: dir.url,
                                            environment: env(home: dir.path, keyFile: identity.path, path: "/usr/bin:/bin"))
        #expect(missing.status != 0)
        #expect(missing.err.contains("age-plugin-gitsopstest (the plugin identity in SOPS_AGE_KEY_FILE file \(identity.path)): "
                                     + "age-plugin-gitsopstest is not on PATH"), "\(missing.err)")
        #expect(missing.err.contains("gitsops: hint: install age-plugin-gitsopstest in a directory on PATH"))
        #expect(!missing.err.contains(plugin.identity))
    }

    @Test func withoutATerminalAPluginsQuestionIsDeclinedAndSaidSo() throws {
        let dir = try TemporaryDirectory("age-plugin-cli")
        let (file, identity, _) = try encrypted(in: dir)
        // setsid: a new session has no controlling terminal, as under git or CI.
        let result = try Command.run("setsid", ["-w", GitsopsBinary.url.path, "decrypt", file.path], in: dir.url,
                                     environment: env(home: dir.path, keyFile: identity.path, mode: "ask"))
        #expect(result.status != 0)
        #expect(result.err.contains("age-plugin-gitsopstest: touch your token\n"), "\(result.err)")
        #expect(result.err.contains("reported an error (internal): a PIN is needed; it asked for a secret "
                                    + "(\"PIN for the test token\") and there is no terminal to answer on"), "\(result.err)")
        #expect(!result.err.contains("hunter2"))
    }

    @Test func theGitFilterEncryptsForAPluginRecipient() throws {
        let plugin = try AgeTestPlugin()
        let repo = try GitsopsRepository("age-plugin-git", initialize: false)
        let path = GitsopsBinary.url.deletingLastPathComponent().path + ":" + AgeTestPlugin.path
        try repo.sandbox.write("plugin-keys.txt", plugin.identity + "\n")
        let withPlugin: [String: String?] = ["PATH": path, "SOPS_AGE_KEY_FILE": repo.sandbox.url("plugin-keys.txt").path]
        let initialized = try repo.gitsops(["init", "--age", plugin.recipient], environment: withPlugin)
        #expect(initialized.status == 0, "\(initialized.err)")
        let manifest = "apiVersion: v1\nkind: Secret\nstringData:\n  password: plugin-wrapped-5d\n"
        try repo.write("secrets/db.yaml", manifest)
        try repo.git(["add", "."], environment: withPlugin)
        try repo.git(["commit", "-q", "-m", "plugin"], environment: withPlugin)
        let stored = String(decoding: try repo.stored("secrets/db.yaml"), as: UTF8.self)
        #expect(stored.contains("recipient: \(plugin.recipient)\n") && !stored.contains("plugin-wrapped-5d"))
        try repo.write("stored.yaml", stored)
        let decrypted = try repo.gitsops(["decrypt", "stored.yaml"], environment: withPlugin)
        #expect(decrypted.status == 0, "\(decrypted.err)")
        #expect(decrypted.out == manifest)
    }
}

extension AgePluginCLITests {
    /// Runs the command given as arguments on a new pseudo-terminal (its controlling terminal), types
    /// `1234` when the PIN prompt appears and prints everything the terminal showed.
    static let typist = """
        import os, pty, select, signal, sys, time
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp(sys.argv[1], sys.argv[1:])
        seen, typed, deadline = b"", False, time.time() + 60
        while time.time() < deadline:
            if not select.select([fd], [], [], 1)[0]:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if not typed and b"PIN for the test token" in seen:
                os.write(fd, b"1234\\n")
                typed = True
        if time.time() >= deadline:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(seen.decode(errors="replace"))
        sys.exit(os.waitstatus_to_exitcode(status))
        """

    @Test func onATerminalThePluginsPINIsAskedWithoutEcho() throws {
        let dir = try TemporaryDirectory("age-plugin-cli")
        let (file, identity, _) = try encrypted(in: dir)
        let result = try Command.run("python3", ["-c", Self.typist, GitsopsBinary.url.path, "decrypt", file.path], in: dir.url,
                                     environment: env(home: dir.path, keyFile: identity.path, mode: "ask"))
        #expect(result.status == 0, "\(result.out)\(result.err)")
        #expect(result.out.contains("age-plugin-gitsopstest: touch your token"))
        #expect(result.out.contains("PIN for the test token"))
        #expect(result.out.contains("password: hunter2"))
        #expect(!result.out.contains("1234"), "the PIN was echoed: \(result.out)")
    }
}
