import Foundation
import TestSupport
import TestTraits
import Testing

/// `gitsops encrypt`, `decrypt` and `keygen` as a user runs them.
@Suite struct SopsCLITests {
    static let identity = "AGE-SECRET-KEY-1G0Q5K9TV4REQ3ZSQRMTMG8NSWQGYT0T7TZ33RAZEE0GZYVZN0APSU24RK7"
    static let recipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun"
    static let secret = """
        # a Secret for the cluster
        apiVersion: v1
        kind: Secret
        metadata:
          name: db   # keep me
        stringData:
          password: 'hunter2'
          url: "postgres://db:5432"

        """

    /// A directory with a `.sops.yaml` and an isolated home (no stray identities).
    static func workspace() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory("sops-cli")
        try dir.file(".sops.yaml", contents: """
            creation_rules:
              - path_regex: secrets/.*\\.yaml$
                encrypted_regex: ^(data|stringData)$
                age: >-
                  \(recipient)
              - path_regex: \\.env$
                age: [\(recipient)]
            """)
        try dir.file("secrets/db.yaml", contents: secret)
        return dir
    }

    static func env(_ dir: TemporaryDirectory, identity: Bool = true) -> [String: String?] {
        ["SOPS_AGE_KEY": identity ? Self.identity : nil, "SOPS_AGE_KEY_FILE": nil, "HOME": dir.path,
         "XDG_CONFIG_HOME": dir.path + "/config", "SOPS_AGE_RECIPIENTS": nil, "SOPS_PGP_FP": nil, "SOPS_CONFIG": nil]
    }

    /// `gitsops encrypt secrets/db.yaml` in a fresh workspace, written to `secrets/db.enc.yaml`.
    private static func encrypted() throws -> (dir: TemporaryDirectory, encrypted: Command.Result, file: URL) {
        let dir = try Self.workspace()
        let encrypted = try GitsopsBinary.run(["encrypt", "secrets/db.yaml"], in: dir.url, environment: Self.env(dir))
        return (dir, encrypted, try dir.file("secrets/db.enc.yaml", contents: encrypted.out))
    }

    @Test func encryptThenDecryptGivesBackTheFile() throws {
        let (dir, encrypted, file) = try Self.encrypted()
        #expect(encrypted.status == 0, "\(encrypted.err)")
        #expect(encrypted.out.contains("password: ENC[AES256_GCM,data:"))
        #expect(encrypted.out.contains("    name: db # keep me\n"))
        #expect(encrypted.out.contains("encrypted_regex: ^(data|stringData)$"))
        #expect(!encrypted.out.contains("hunter2"))
        let decrypted = try GitsopsBinary.run(["decrypt", file.path], in: dir.url, environment: Self.env(dir))
        #expect(decrypted.status == 0, "\(decrypted.err)")
        #expect(decrypted.out == Self.secret)
    }

    @Test(.needsSopsRef) func theReferenceReadsWhatEncryptWrites() throws {
        let (dir, encrypted, file) = try Self.encrypted()
        try #require(encrypted.status == 0, "\(encrypted.err)")
        let reference = try Command.run("python3", [SharedFixtures.sopsRef.path, "decrypt", file.path], in: dir.url,
                                        environment: ["SOPS_AGE_KEY": Self.identity])
        #expect(reference.status == 0, "\(reference.err)")
        #expect(reference.out.contains("\"password\":\"hunter2\""))
    }

    @Test func inPlaceRoundTripKeepsTheModeAndBytes() throws {
        let dir = try Self.workspace()
        let path = dir.url.appendingPathComponent("secrets/db.yaml").path
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        #expect(try GitsopsBinary.run(["encrypt", "-i", "secrets/db.yaml"], in: dir.url, environment: Self.env(dir)).status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("sops:"))
        #expect(try GitsopsBinary.run(["decrypt", "--in-place", "secrets/db.yaml"], in: dir.url, environment: Self.env(dir)).status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.secret)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/secrets") == ["db.yaml"])
    }

    @Test func stdinNeedsAFilenameOverride() throws {
        let dir = try Self.workspace()
        let refused = try GitsopsBinary.run(["encrypt"], in: dir.url, environment: Self.env(dir), stdin: Data("a=b\n".utf8))
        #expect(refused.status == 2)
        #expect(refused.err.contains("must specify --filename-override when reading from stdin"))
        let encrypted = try GitsopsBinary.run(["encrypt", "--filename-override", "x.env"], in: dir.url, environment: Self.env(dir),
                                              stdin: Data("a=b\n".utf8))
        #expect(encrypted.status == 0, "\(encrypted.err)")
        #expect(encrypted.out.hasPrefix("a=ENC[AES256_GCM,"))
        let decrypted = try GitsopsBinary.run(["decrypt", "--input-type", "dotenv"], in: dir.url, environment: Self.env(dir),
                                              stdin: encrypted.stdout)
        #expect(decrypted.out == "a=b\n")
    }

    @Test func extractPrintsOneValue() throws {
        let dir = try Self.workspace()
        let encrypted = try GitsopsBinary.run(["encrypt", "secrets/db.yaml"], in: dir.url, environment: Self.env(dir))
        let file = try dir.file("secrets/enc.yaml", contents: encrypted.out)
        let value = try GitsopsBinary.run(["decrypt", file.path, "--extract", #"["stringData"]["password"]"#], in: dir.url,
                                          environment: Self.env(dir))
        #expect(value.out == "hunter2")
        let json = try GitsopsBinary.run(["decrypt", file.path, "--output-type", "json", "--extract", #"["metadata"]"#],
                                         in: dir.url, environment: Self.env(dir))
        #expect(json.out == "{\n\t\"name\": \"db\"\n}\n")
    }

    @Test func tamperingFailsWithoutOutputAndIgnoreMACSkipsTheCheck() throws {
        let dir = try Self.workspace()
        let input = "A=one\nB=two\n"
        try dir.file("x.env", contents: input)
        let encrypted = try GitsopsBinary.run(["encrypt", "x.env"], in: dir.url, environment: Self.env(dir))
        let lines = encrypted.out.split(separator: "\n").map(String.init)
        let a = lines[0].dropFirst(2), b = lines[1].dropFirst(2)
        // The same ciphertext under another key fails authentication (the AAD is the key).
        try dir.file("swapped.env", contents: encrypted.out.replacingOccurrences(of: String(b), with: String(a)))
        let swapped = try GitsopsBinary.run(["decrypt", "swapped.env"], in: dir.url, environment: Self.env(dir))
        #expect(swapped.status == 1)
        #expect(swapped.out.isEmpty)
        #expect(swapped.err.contains("gitsops: error: swapped.env: Could not decrypt with AES_GCM"))
        // A missing MAC line: refused, unless --ignore-mac.
        try dir.file("nomac.env", contents: lines.filter { !$0.hasPrefix("sops_mac=") }.joined(separator: "\n") + "\n")
        let noMAC = try GitsopsBinary.run(["decrypt", "nomac.env"], in: dir.url, environment: Self.env(dir))
        #expect(noMAC.status == 1)
        #expect(noMAC.out.isEmpty)
        #expect(noMAC.err.contains("nomac.env: MAC mismatch: the file has no MAC"))
        let ignored = try GitsopsBinary.run(["decrypt", "--ignore-mac", "nomac.env"], in: dir.url, environment: Self.env(dir))
        #expect(ignored.status == 0)
        #expect(ignored.out == input)
    }

    @Test func aMissingKeyExplainsEveryKeyTried() throws {
        let dir = try Self.workspace()
        let encrypted = try GitsopsBinary.run(["encrypt", "secrets/db.yaml"], in: dir.url, environment: Self.env(dir))
        let file = try dir.file("secrets/enc.yaml", contents: encrypted.out)
        let result = try GitsopsBinary.run(["decrypt", file.path], in: dir.url, environment: Self.env(dir, identity: false))
        #expect(result.status == 1)
        #expect(result.out.isEmpty)
        #expect(result.err.contains("Failed to get the data key required to decrypt the SOPS file."))
        #expect(result.err.contains("age \(Self.recipient): no age identity found"))
        #expect(result.err.contains("gitsops: hint:"))
    }

    @Test func noMatchingRuleNamesThePathAndTheConfig() throws {
        let dir = try Self.workspace()
        try dir.file("other.json", contents: "{\"a\": 1}")
        let result = try GitsopsBinary.run(["encrypt", "other.json"], in: dir.url, environment: Self.env(dir))
        #expect(result.status == 1)
        #expect(result.err.contains("no matching creation rules found for 'other.json'"))
        #expect(result.err.contains(".sops.yaml"))
        #expect(result.err.contains("gitsops: hint:"))
    }

    @Test func keygenWritesAPrivateIdentityOnceAndItWorks() throws {
        let dir = try Self.workspace()
        let generated = try GitsopsBinary.run(["keygen"], in: dir.url, environment: Self.env(dir))
        #expect(generated.status == 0, "\(generated.err)")
        let path = dir.path + "/config/sops/age/keys.txt"
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        let lines = contents.split(separator: "\n")
        #expect(lines.count == 3 && lines[0].hasPrefix("# created: ") && lines[1].hasPrefix("# public key: age1"))
        #expect(lines[2].hasPrefix("AGE-SECRET-KEY-1"))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        let recipient = String(lines[1].dropFirst("# public key: ".count))
        #expect(generated.err.contains("Public key: \(recipient)"))
        let again = try GitsopsBinary.run(["keygen"], in: dir.url, environment: Self.env(dir))
        #expect(again.status == 1)
        #expect(again.err.contains("refusing to overwrite"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == contents)

        // The new identity, found at sops' default location, decrypts what is encrypted for it.
        try dir.file("k.env", contents: "K=v\n")
        let encrypted = try GitsopsBinary.run(["encrypt", "--age", recipient, "k.env"], in: dir.url, environment: Self.env(dir))
        #expect(encrypted.status == 0, "\(encrypted.err)")
        let file = try dir.file("k.enc.env", contents: encrypted.out)
        let decrypted = try GitsopsBinary.run(["decrypt", file.path], in: dir.url, environment: Self.env(dir, identity: false))
        #expect(decrypted.out == "K=v\n", "\(decrypted.err)")
    }

    @Test func sopsFixturesDecryptThroughGPG() throws {
        let home = try GnuPGHome()
        let expected = ["format.enc.yaml": "foo: bar\n", "format.enc.json": "{\n\t\"foo\": \"bar\"\n}\n",
                        "format.enc.env": "foo = bar\n", "format.enc.ini": "[foo]\nbar = baz\n"]
        for (name, plaintext) in expected {
            let result = try GitsopsBinary.run(["decrypt", SharedFixtures.sops(name).path], environment: ["GNUPGHOME": home.path])
            #expect(result.status == 0, "\(name): \(result.err)")
            #expect(result.out == plaintext, "\(name)")
        }
    }
}
