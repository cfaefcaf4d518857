import Foundation
import TestSupport
import Testing

/// YAML Secrets (comments, block scalars) through `view --decode`, `diff --git` and `edit`: parsed
/// by LosslessYAML, and edited in place so the user's comments and layout survive.
@Suite struct PluginYAMLTests {
    static let secret = """
        # Database credentials for the api
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
          namespace: default # keep in sync with the app
        type: Opaque
        data:
          # rotated every quarter
          password: czNjcmV0
          user: YWRtaW4=
        stringData:
          config.ini: |
            [db]
            host = db.internal

        """

    func runtimeDirectory() throws -> URL {
        let url = URL(fileURLWithPath: "/dev/shm/gitsops-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return url
    }

    /// The `key: ENC[...]` line of each encrypted value.
    func encryptedLines(_ sandbox: PluginSandbox, _ relative: String) throws -> [String: String] {
        let text = try String(contentsOf: sandbox.repo.appendingPathComponent(relative), encoding: .utf8)
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") where line.contains(": ENC[") {
            let parts = line.split(separator: ":", maxSplits: 1)
            result[parts[0].trimmingCharacters(in: .whitespaces)] = String(parts[1])
        }
        return result
    }

    @Test func viewDecodeShowsDataAsStringData() throws {
        let sandbox = try PluginSandbox()
        try sandbox.writeEncrypted("secrets/db.yaml", Self.secret)
        let result = try sandbox.run(["view", "secrets/db.yaml", "--decode"])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: default
            type: Opaque
            stringData:
              password: s3cret
              user: admin
              config.ini: |
                [db]
                host = db.internal

            """)
        let plain = try sandbox.run(["view", "secrets/db.yaml"])
        #expect(plain.out == Self.secret)
    }

    @Test func diffGitMaskedAndUnmasked() throws {
        let sandbox = try PluginSandbox()
        try sandbox.writeEncrypted("secrets/db.yaml", Self.secret)
        try sandbox.git(["add", "."])
        try sandbox.git(["commit", "-qm", "one"])
        try sandbox.writeEncrypted("secrets/db.yaml", Self.secret
            .replacingOccurrences(of: "czNjcmV0", with: Data("n3w".utf8).base64EncodedString())
            .replacingOccurrences(of: "db.internal", with: "db2.internal"))
        let masked = try sandbox.run(["diff", "--git", "secrets/"])
        #expect(masked.status == 1, "\(masked.err)")
        #expect(masked.out == "Secret default/db: changed\n  ~ data.password: changed\n  ~ data[config.ini]: changed\n")
        try sandbox.git(["commit", "-qam", "two"])
        let shown = try sandbox.run(["diff", "--git", "--rev", "HEAD~1..HEAD", "--show-values"])
        #expect(shown.status == 1, "\(shown.err)")
        #expect(shown.out.contains("~ data.password: \"s3cret\" => \"n3w\""))
        #expect(shown.out.contains("~ data[config.ini]: \"[db]\\nhost = db.internal\\n\" => \"[db]\\nhost = db2.internal\\n\""))
        let same = try sandbox.run(["diff", "--git", "secrets/"])
        #expect(same.status == 0, "\(same.out)\(same.err)")
    }

    /// The editor changes a data value and a block scalar and adds a key.
    static let editor = """
        grep -q 'Secret data is shown decoded under stringData' "$1" || exit 3
        sed -i 's/password: s3cret/password: n3w-pass/; s/db.internal/db2.internal/; /^  user: admin$/a\\
          token: t0ken
        ' "$1"
        """

    static let edited = """
        # Database credentials for the api
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
          namespace: default # keep in sync with the app
        type: Opaque
        data:
          # rotated every quarter
          password: \(Data("n3w-pass".utf8).base64EncodedString())
          user: YWRtaW4=
          token: \(Data("t0ken".utf8).base64EncodedString())
        stringData:
          config.ini: |
            [db]
            host = db2.internal

        """

    @Test func editEncryptedYAMLKeepsCommentsLayoutAndUntouchedCiphertext() throws {
        let sandbox = try PluginSandbox()
        let runtime = try runtimeDirectory()
        defer { try? FileManager.default.removeItem(at: runtime) }
        try sandbox.writeEncrypted("secrets/db.yaml", Self.secret)
        let before = try encryptedLines(sandbox, "secrets/db.yaml")
        let editor = try sandbox.script("editor.sh", Self.editor)
        let result = try sandbox.run(["edit", "secrets/db.yaml"], environment: ["EDITOR": editor, "XDG_RUNTIME_DIR": runtime.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(try sandbox.plaintext("secrets/db.yaml") == Self.edited)
        let after = try encryptedLines(sandbox, "secrets/db.yaml")
        #expect(after["user"] == before["user"])
        #expect(after["password"] != before["password"])
        #expect(after["token"] != nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: runtime.path).isEmpty)
    }

    @Test func editUnlockedYAMLWritesPlaintextInPlace() throws {
        let sandbox = try PluginSandbox()
        let runtime = try runtimeDirectory()
        defer { try? FileManager.default.removeItem(at: runtime) }
        try sandbox.writeEncrypted("secrets/db.yaml", Self.secret)
        try sandbox.git(["add", "secrets/db.yaml"])  // the index holds the ciphertext: an unlocked working tree
        try Data(Self.secret.utf8).write(to: sandbox.repo.appendingPathComponent("secrets/db.yaml"))
        let editor = try sandbox.script("editor.sh", Self.editor)
        let result = try sandbox.run(["edit", "secrets/db.yaml"], environment: ["EDITOR": editor, "XDG_RUNTIME_DIR": runtime.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(try String(contentsOf: sandbox.repo.appendingPathComponent("secrets/db.yaml"), encoding: .utf8) == Self.edited)
    }
}
