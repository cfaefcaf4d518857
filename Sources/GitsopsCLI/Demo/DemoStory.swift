/// The demo's steps: a key, a repository with the filter, a Secret committed encrypted, a clone
/// that gets it back byte for byte, a one-value edit and its two diffs, the kubectl plugin.
struct DemoStory {
    var shell: DemoShell

    static let secretPath = "secrets/orders-db.yaml"

    /// A Secret as people write them: comments, quoting, a block scalar.
    static let secret = """
        # Database credentials for the orders service.
        apiVersion: v1
        kind: Secret
        metadata:
          name: orders-db
          namespace: shop
        type: Opaque
        stringData:
          username: orders        # read-write user
          password: "correct horse battery staple"
          client.ini: |
            [client]
            ssl-mode = VERIFY_IDENTITY

        """

    mutating func tell() async throws {
        let root = shell.directory

        shell.step(1, "A fresh age key (the embedded default: no cloud, no gpg)")
        try await shell.run(["gitsops", "keygen", "-o", root + "/home/keys.txt"], shown: "gitsops keygen -o ~/keys.txt")
        let keyFile = String(decoding: try shell.read(root + "/home/keys.txt"), as: UTF8.self)
        guard let recipient = keyFile.split(separator: "\n").first(where: { $0.hasPrefix("# public key: ") })?
            .dropFirst("# public key: ".count) else { throw DemoShell.Failure(description: "keygen wrote no public key") }
        shell.say("SOPS_AGE_KEY_FILE points at it, as it would for sops.")

        shell.step(2, "Encrypt and decrypt a file directly, as with sops")
        try shell.write("orders-db.yaml", Self.secret)
        let encrypted = try await shell.run(["gitsops", "encrypt", "--age", String(recipient), "--encrypted-regex", "^(data|stringData)$",
                                             "orders-db.yaml"],
                                            shown: "gitsops encrypt --age age1… --encrypted-regex '^(data|stringData)$' orders-db.yaml",
                                            maxLines: 12)
        try shell.write("orders-db.enc.yaml", encrypted)
        let decrypted = try await shell.run(["gitsops", "decrypt", "orders-db.enc.yaml"], quiet: true)
        shell.say("$ gitsops decrypt orders-db.enc.yaml")
        try shell.check(decrypted == Self.secret, "decrypt gives back the file byte for byte (comments and quoting too)")

        shell.step(3, "A repository that keeps secrets/ encrypted")
        try await shell.run(["git", "init", "-q", "platform"])
        shell.directory = root + "/platform"
        try await shell.run(["gitsops", "init", "--age", String(recipient)], shown: "gitsops init --age \(recipient)")

        shell.step(4, "Add a Secret as you would any file")
        try shell.write(Self.secretPath, Self.secret)
        try await shell.run(["cat", Self.secretPath])
        try await shell.run(["git", "add", ".gitattributes", ".sops.yaml", Self.secretPath])
        try await shell.run(["git", "commit", "-q", "-m", "orders database credentials"])

        shell.step(5, "What git stores is an ordinary sops document (Flux and sops read it)")
        let stored = try await shell.run(["git", "show", "HEAD:" + Self.secretPath], maxLines: 16)
        try shell.check(!stored.contains("correct horse"), "the committed blob holds no plaintext value")
        try shell.check(stored.contains("ENC[AES256_GCM,data:") && stored.contains("\n    mac: ENC["),
                        "values are ENC[…] and the sops block carries the MAC")

        shell.step(6, "A fresh clone with the key gets the exact bytes back")
        shell.directory = root
        try await shell.run(["git", "clone", "-q", "platform", "clone"])
        shell.directory = root + "/clone"
        try await shell.run(["gitsops", "init"], maxLines: 6)
        let cloned = try shell.read(Self.secretPath)
        try shell.check(cloned == Array(Self.secret.utf8), "\(Self.secretPath) is byte-identical to what was added")
        let status = try await shell.run(["git", "status", "--porcelain"], quiet: true)
        try shell.check(status.isEmpty, "git status is clean")

        shell.step(7, "Edit one value: a readable diff, a one-line ciphertext change")
        try shell.write(Self.secretPath, Self.secret.replacingOccurrences(of: "correct horse battery staple",
                                                                          with: "tr0ub4dor&3"))
        try await shell.run(["git", "diff"])
        try await shell.run(["git", "diff", "--no-textconv", "--stat"])
        let raw = try await shell.run(["git", "diff", "--no-textconv", "-U0"], quiet: true)
        let changed = raw.split(separator: "\n").filter { ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---") }
        let expected = ["password:", "mac:", "lastmodified:"]
        try shell.check(changed.contains { $0.contains("password: ENC[") }
                        && changed.allSatisfy { line in expected.contains { line.dropFirst().drop(while: \.isWhitespace).hasPrefix($0) } },
                        "the stored file changes only in the value's line, mac and lastmodified")
        try await shell.run(["git", "commit", "-q", "-am", "rotate the orders password"])

        shell.step(8, "kubectl secrets: the decrypted manifest, straight from git")
        // Through kubectl's plugin mechanism when kubectl is installed, else the plugin binary itself.
        let plugin = shell.onPath("kubectl") ? ["kubectl", "secrets"] : ["kubectl-secrets"]
        try await shell.run(plugin + ["view", Self.secretPath], shown: "kubectl secrets view \(Self.secretPath)", maxLines: 16)
        let changes = try await shell.run(plugin + ["diff", "--git", "--rev", "HEAD~1..HEAD"],
                                          shown: "kubectl secrets diff --git --rev HEAD~1..HEAD", allowFailure: true)
        try shell.check(changes.contains("password: changed") && !changes.contains("tr0ub4dor"),
                        "the diff names the changed key and masks its values")
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
