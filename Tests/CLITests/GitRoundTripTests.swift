import Foundation
import TestSupport
import TestTraits
import Testing

/// The core promise: git stores sops documents, the working tree holds the exact bytes.
@Suite struct GitRoundTripTests {
    /// Realistic secrets in every format the filter handles, with the plaintext values that must
    /// never reach the object database.
    static let secrets: [(path: String, format: String, bytes: [UInt8], values: [String])] = [
        ("secrets/db-secret.yaml", "yaml", Array("""
            # Database credentials for the api
            apiVersion: v1
            kind: Secret
            metadata:
              name: db   # the name pods mount
              namespace: prod
            type: Opaque
            stringData:
              username: 'app'
              password: "pw-yaml-5e8c"

              # a block scalar keeps its lines
              config.ini: |
                [client]
                password = pw-block-7d1e
              folded: >-
                folded text
                with-secret-9b0a
            data:
              token: dG9rZW4tYmFzZTY0LTNmMmE=

            """.utf8), ["pw-yaml-5e8c", "pw-block-7d1e", "with-secret-9b0a", "dG9rZW4tYmFzZTY0LTNmMmE="]),
        ("secrets/multi.yaml", "yaml", Array("""
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: first}
            stringData:
              a: doc1-secret-4c4c
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: second}
            stringData:
              b: doc2-secret-5d5d
            """.utf8), ["doc1-secret-4c4c", "doc2-secret-5d5d"]),
        ("secrets/crlf.yaml", "yaml", Array("user: svc\r\npassword: pw-yaml-crlf-6e6e\r\nlist:\r\n  - item-secret-7f7f\r\n".utf8),
         ["pw-yaml-crlf-6e6e", "item-secret-7f7f"]),
        ("secrets/db.json", "json", Array("{\n    \"user\": \"app\",\n    \"password\": \"pw-json-7f3a\",\n    \"port\": 5432,\n    \"tls\": true,\n    \"replicas\": [\"r1-host-9c1d\", \"r2\"]\n}\n".utf8),
         ["pw-json-7f3a", "r1-host-9c1d"]),
        ("secrets/compact.json", "json", Array(#"{"token":"tok-nonewline-51b2","nested":{"k":"v-nested-88e0"}}"#.utf8),
         ["tok-nonewline-51b2", "v-nested-88e0"]),
        ("secrets/app.env", "dotenv", Array("# database\nDB_PASSWORD=pw-env-2d4c\nAPI_KEY=key-env-6e9f\n\nEMPTY=\n".utf8),
         ["pw-env-2d4c", "key-env-6e9f"]),
        ("secrets/windows.env", "dotenv", Array("USER=svc\r\nPASSWORD=pw-crlf-0a7b\r\n".utf8), ["pw-crlf-0a7b"]),
        ("secrets/settings.ini", "ini", Array("[database]\npassword = pw-ini-3c5d\nhost = db.internal\n".utf8), ["pw-ini-3c5d"]),
        ("secrets/cert.pem", "binary", Array("-----BEGIN PRIVATE KEY-----\nMIIpem-body-4f6a\n-----END PRIVATE KEY-----\n".utf8), ["MIIpem-body-4f6a"]),
        ("secrets/blob.bin", "binary", [0, 1, 2, 0xff, 0xfe, 0x00] + Array("bin-marker-1e2f".utf8) + [0x0d, 0x0a], ["bin-marker-1e2f"]),
    ]

    private func committedRepository() throws -> GitsopsRepository {
        let repo = try GitsopsRepository()
        for secret in Self.secrets { try repo.write(secret.path, secret.bytes) }
        try repo.write("README.md", "public\n")
        try repo.git(["add", "."])
        try repo.git(["commit", "-q", "-m", "secrets"])
        return repo
    }

    @Test func everyStoredSecretIsASopsDocumentThatDecryptsWithItsMACAndNoValueLeaks() throws {
        let repo = try committedRepository()
        for secret in Self.secrets {
            let stored = try repo.stored(secret.path)
            #expect(stored != secret.bytes, "\(secret.path) is stored in clear")
            let decrypted = try repo.decrypt(stored, format: secret.format)
            #expect(decrypted.status == 0, "\(secret.path): \(decrypted.err)")
            #expect(decrypted.stdout == Data(secret.bytes), "\(secret.path)")
        }
        let objects = try repo.allObjects()
        for value in Self.secrets.flatMap(\.values) { #expect(!objects.contains(value), "\(value) is in the object database") }
        #expect(objects.contains("public\n"))
    }

    @Test(.needsSopsRef) func theReferenceDecryptsEveryStoredSecretToTheSameTree() throws {
        let repo = try committedRepository()
        for secret in Self.secrets {
            let decrypted = try repo.referenceDecrypt(try repo.stored(secret.path), format: secret.format)
            #expect(decrypted.status == 0, "\(secret.path): \(decrypted.err)")
            let expected = try repo.referencePlain(secret.bytes, format: secret.format)
            #expect(decrypted.out == expected.out, "\(secret.path)")
        }
    }

    @Test func aFreshCloneWithTheKeyHasTheExactBytesAndStaysClean() throws {
        let repo = try committedRepository()
        let initOutput = try repo.cloneAndInit()
        #expect(initOutput.status == 0, "\(initOutput.err)")
        for secret in Self.secrets { #expect(try repo.read(secret.path, in: "clone") == secret.bytes, "\(secret.path)") }
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "")
        let later = Date().addingTimeInterval(3)
        for secret in Self.secrets {
            try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: repo.sandbox.url("clone/" + secret.path).path)
        }
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "")
    }

    @Test func cloneConfiguredBeforeCheckoutDecryptsDuringTheCheckoutItself() throws {
        let repo = try committedRepository()
        let config = try repo.git(["config", "--get-regexp", "^(filter|diff|merge)\\.gitsops\\."]).out
        let args = config.split(separator: "\n").flatMap { line -> [String] in
            let parts = line.split(separator: " ", maxSplits: 1)
            return ["-c", "\(parts[0])=\(parts.count > 1 ? String(parts[1]) : "")"]
        }
        try repo.git(["clone", "-q"] + args + [repo.sandbox.url("repo").path, repo.sandbox.url("clone").path], in: ".")
        for secret in Self.secrets { #expect(try repo.read(secret.path, in: "clone") == secret.bytes, "\(secret.path)") }
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == "")
    }

    @Test(arguments: [
        ("secrets/db.json", "pw-json-7f3a", "\"password\""),
        ("secrets/db-secret.yaml", "pw-yaml-5e8c", "password:"),
        ("secrets/app.env", "key-env-6e9f", "API_KEY="),
    ])
    func editingOneValueDiffsAsThatValueAndStoresAOneLineChange(path: String, value: String, key: String) throws {
        let repo = try committedRepository()
        try repo.cloneAndInit()
        let original = String(decoding: Self.secrets.first { $0.path == path }!.bytes, as: UTF8.self)
        try repo.write(path, original.replacingOccurrences(of: value, with: "rotated-value"), in: "clone")
        #expect(try repo.git(["status", "--porcelain"], in: "clone").out == " M \(path)\n")
        let diff = try repo.git(["diff", "-U0"], in: "clone").out
        let changed = Self.changedLines(diff)
        #expect(changed.count == 2 && changed[0].hasPrefix("-") && changed[0].contains(value) && changed[1].hasPrefix("+")
            && changed[1].contains("rotated-value"), "\(diff)")
        try repo.git(["commit", "-q", "-am", "rotate one value"], in: "clone")
        let storedDiff = try repo.git(["diff", "--no-textconv", "-U0", "HEAD~1", "HEAD"], in: "clone").out
        let storedChanges = Self.changedLines(storedDiff)
        // The value's line and the MAC change; lastmodified too unless both commits fell in one second.
        #expect(storedChanges.allSatisfy { $0.contains(key) || $0.contains("lastmodified") || $0.contains("mac") }, "\(storedDiff)")
        #expect(storedChanges.filter { $0.contains(key) && $0.contains("ENC[") }.count == 2, "\(storedDiff)")
        #expect(storedChanges.filter { $0.contains("mac") }.count == 2)
        #expect(storedChanges.count <= 6)
        #expect(!(try repo.allObjects(in: "clone")).contains("rotated-value"))
    }

    static func changedLines(_ diff: String) -> [Substring] {
        diff.split(separator: "\n").filter { ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---") }
    }

    @Test func logAndShowPrintDecryptedDiffs() throws {
        let repo = try committedRepository()
        try repo.write("secrets/app.env", "# database\nDB_PASSWORD=pw-env-changed\nAPI_KEY=key-env-6e9f\n\nEMPTY=\n")
        try repo.git(["commit", "-q", "-am", "change"])
        let log = try repo.git(["log", "-p", "-1", "--", "secrets/app.env"]).out
        #expect(log.contains("-DB_PASSWORD=pw-env-2d4c"))
        #expect(log.contains("+DB_PASSWORD=pw-env-changed"))
        let show = try repo.git(["show", "HEAD", "--", "secrets/app.env"]).out
        #expect(show.contains("+DB_PASSWORD=pw-env-changed"))
        // Readable diffs are never cached as notes (that would store plaintext).
        #expect(try repo.tryGit(["show-ref", "refs/notes/textconv"]).status != 0)
    }

    @Test func aFreshCloneWithoutTheKeyChecksOutCiphertextWithOneWarning() throws {
        let repo = try committedRepository()
        try repo.git(["clone", "-q", repo.sandbox.url("repo").path, repo.sandbox.url("clone").path], in: ".", environment: repo.withoutKey)
        let initResult = try repo.gitsops(["init"], in: "clone", environment: repo.withoutKey)
        #expect(initResult.status == 0, "\(initResult.err)")
        for secret in Self.secrets { #expect(try repo.read(secret.path, in: "clone") == repo.stored(secret.path), "\(secret.path)") }
        // A checkout with the drivers configured (as CI does) prints exactly one warning.
        for secret in Self.secrets { try FileManager.default.removeItem(at: repo.sandbox.url("clone/" + secret.path)) }
        let checkout = try repo.git(["checkout", "--", "secrets"], in: "clone", environment: repo.withoutKey)
        let warnings = checkout.err.split(separator: "\n").filter { $0.contains("warning") }
        let named = Self.secrets.map(\.path).sorted()
        #expect(warnings == ["gitsops: warning: left encrypted, as stored: \(named.prefix(5).joined(separator: ", "))"
            + (named.count > 5 ? " and \(named.count - 5) more" : "") + " (no usable key here); run `gitsops doctor` for details"])
        for secret in Self.secrets { #expect(try repo.read(secret.path, in: "clone") == repo.stored(secret.path)) }
        #expect(try repo.git(["status", "--porcelain"], in: "clone", environment: repo.withoutKey).out == "")
    }
}
