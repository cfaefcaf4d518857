import Foundation
import GitFilter
import TestSupport
import TestTraits
import Testing

/// AWS KMS through the built `gitsops`, as a user on a cluster team runs it: a `.sops.yaml` rule
/// with the cluster's key, role and encryption context, against moto with IAM enforcement on
/// (every signature checked, the role really assumed, IAM policies evaluated). boto3 and
/// `sops_ref.py` are the independent clients that prove the wire format.
/// Serialized: each test starts its own moto, and several at once would saturate a small machine.
@Suite(.serialized) struct CloudCLITests {
    static let secret = """
        # the web app's database
        apiVersion: v1
        kind: Secret
        metadata:
          name: db   # keep me
        stringData:
          password: 'hunter2-kms'
          url: "postgres://db:5432"

        """
    static let context = ["cluster": "prod", "app": "web"]

    /// A directory with `.sops.yaml` (secrets/ through the key and `role`, with `context`) and
    /// `secrets/db.yaml`; `home` inside it is the child's `HOME`.
    static func workspace(_ aws: LocalAWS, role: String) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory("cloud-cli")
        try dir.file(".sops.yaml", contents: aws.sopsConfig(pathRegex: "secrets/.*\\.yaml$", role: role, context: context))
        try dir.file("secrets/db.yaml", contents: secret)
        try dir.file("home/.keep", contents: "")
        return dir
    }

    /// `gitsops encrypt secrets/db.yaml` written to `secrets/db.enc.yaml`.
    static func encrypt(in dir: TemporaryDirectory, environment: [String: String?]) throws -> URL {
        let encrypted = try GitsopsBinary.run(["encrypt", "secrets/db.yaml"], in: dir.url, environment: environment)
        try #require(encrypted.status == 0, "\(encrypted.err)")
        return try dir.file("secrets/db.enc.yaml", contents: encrypted.out)
    }

    /// Assumes the stanza's role with boto3, decrypts the stanza's `enc` with its context, decrypts
    /// `stringData.password` with that data key (AES-256-GCM, AAD = the value's path), prints it,
    /// then checks KMS refuses the `enc` under another context.
    static let boto3Check = #"""
        import base64, re, sys
        import boto3, yaml
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        doc = yaml.safe_load(open(sys.argv[1]))
        stanza = doc["sops"]["kms"][0]
        region = stanza["arn"].split(":")[3]
        creds = boto3.client("sts", region_name=region).assume_role(
            RoleArn=stanza["role"], RoleSessionName="boto3-check")["Credentials"]
        kms = boto3.client("kms", region_name=region, aws_access_key_id=creds["AccessKeyId"],
                           aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
        blob = base64.b64decode(stanza["enc"])
        key = kms.decrypt(CiphertextBlob=blob, EncryptionContext=stanza["context"])["Plaintext"]
        match = re.fullmatch(r"ENC\[AES256_GCM,data:(.*),iv:(.*),tag:(.*),type:str\]", doc["stringData"]["password"])
        data, iv, tag = (base64.b64decode(part) for part in match.groups())
        print(AESGCM(key).decrypt(iv, data + tag, b"stringData:password:").decode())
        try:
            kms.decrypt(CiphertextBlob=blob, EncryptionContext=dict(stanza["context"], cluster="dev"))
            print("context ignored")
        except kms.exceptions.InvalidCiphertextException:
            print("context bound")
        """#

    /// `sops_ref.py` (the independent implementation of the format) with `arguments`.
    static func reference(_ arguments: [String], in dir: TemporaryDirectory, environment: [String: String?]) throws -> Command.Result {
        try Command.run("python3", [SharedFixtures.sopsRef.path] + arguments, in: dir.url, environment: environment)
    }

    /// The workspace for the `cluster` role, its environment and `gitsops encrypt` of `secrets/db.yaml`.
    private static func encryptedPerTheRule(_ aws: LocalAWS) throws -> (role: String, dir: TemporaryDirectory, env: [String: String?], file: URL) {
        let role = try #require(aws.roles["cluster"])
        let dir = try Self.workspace(aws, role: role)
        let env = aws.environment(home: dir.path + "/home")
        return (role, dir, env, try Self.encrypt(in: dir, environment: env))
    }

    @Test func encryptPerTheRuleDecryptsExactlyAndBoto3OpensTheStanza() async throws {
        let aws = try await LocalAWS()
        defer { aws.stop() }
        let (role, dir, env, file) = try Self.encryptedPerTheRule(aws)
        let stored = try String(contentsOf: file, encoding: .utf8)
        #expect(!stored.contains("hunter2"))
        #expect(stored.contains("""
                kms:
                    - arn: \(aws.key)
                      aws_profile: ""
                      context:
                        app: web
                        cluster: prod
                      created_at: "
            """))
        #expect(stored.contains("      role: \(role)\n"))

        let decrypted = try GitsopsBinary.run(["decrypt", file.path], in: dir.url, environment: env)
        #expect(decrypted.status == 0, "\(decrypted.err)")
        #expect(decrypted.stdout == Data(Self.secret.utf8))

        // boto3 gets the very data key the file's values are encrypted with, and only with the context.
        let boto3 = try Command.run("python3", ["-c", Self.boto3Check, file.path], environment: env)
        #expect(boto3.status == 0, "\(boto3.err)")
        #expect(boto3.out == "hunter2-kms\ncontext bound\n")
    }

    @Test(.needsSopsRef) func theReferenceDecryptsWhatEncryptWrotePerTheRule() async throws {
        let aws = try await LocalAWS()
        defer { aws.stop() }
        let (_, dir, env, file) = try Self.encryptedPerTheRule(aws)
        // sops_ref.py (boto3 underneath) decrypts the file with the MAC verified: the same tree.
        let reference = try Self.reference(["decrypt", file.path], in: dir, environment: env)
        #expect(reference.status == 0, "\(reference.err)")
        let plain = try Self.reference(["plain", "secrets/db.yaml"], in: dir, environment: env)
        #expect(reference.out == plain.out && plain.out.contains(#""password":"hunter2-kms""#))
    }

    @Test(.needsSopsRef) func gitsopsDecryptsWhatTheReferenceEncryptedWithRoleAndContext() async throws {
        let aws = try await LocalAWS()
        defer { aws.stop() }
        let role = try #require(aws.roles["cluster"])
        let dir = try Self.workspace(aws, role: role)
        let env = aws.environment(home: dir.path + "/home")
        let encrypted = try Self.reference(["encrypt", "secrets/db.yaml", "--kms", "\(aws.key)+\(role)",
                                            "--encryption-context", "cluster:prod,app:web", "--encrypted-regex", "^(data|stringData)$"],
                                           in: dir, environment: env)
        try #require(encrypted.status == 0, "\(encrypted.err)")
        #expect(encrypted.out.contains("role: \(role)") && encrypted.out.contains("cluster: prod"))
        let file = try dir.file("secrets/ref.enc.yaml", contents: encrypted.out)

        let decrypted = try GitsopsBinary.run(["decrypt", file.path], in: dir.url, environment: env)
        #expect(decrypted.status == 0, "\(decrypted.err)")
        #expect(decrypted.out.contains("    password: hunter2-kms\n"))
        // sops_ref.py keeps no comments or layout: compare the trees.
        let output = try dir.file("decrypted.yaml", contents: decrypted.out)
        let tree = try Self.reference(["plain", output.path], in: dir, environment: env)
        let expected = try Self.reference(["plain", "secrets/db.yaml"], in: dir, environment: env)
        #expect(tree.status == 0 && tree.out == expected.out, "\(tree.err)")
    }

    @Test func wrongRoleDeniedKeyAndServerDownFailWithALineNamingTheKeyAndAHint() async throws {
        let aws = try await LocalAWS()
        defer { aws.stop() }
        let dir = try Self.workspace(aws, role: try #require(aws.roles["cluster"]))
        let env = aws.environment(home: dir.path + "/home")
        let good = try String(contentsOf: try Self.encrypt(in: dir, environment: env), encoding: .utf8)

        // A rule (encrypt) and a teammate's file (decrypt) naming a role we may not assume, or one
        // that may not use the key.
        let untrusted = try #require(aws.roles["untrusted"]), noKMS = try #require(aws.roles["no-kms"])
        for (role, encryptFailure, decryptFailure, encryptHint, decryptHint) in [
            (untrusted, "cannot assume role \(untrusted)", "cannot assume role \(untrusted)",
             "trust policy must allow sts:AssumeRole", "trust policy must allow sts:AssumeRole"),
            (noKMS, "AWS KMS denied Encrypt on \(aws.key) as role \(noKMS)", "AWS KMS denied Decrypt on \(aws.key) as role \(noKMS)",
             "allow kms:Encrypt on this key for role \(noKMS)", "allow kms:Decrypt on this key for role \(noKMS)"),
        ] {
            let config = try dir.file("\(role.split(separator: "/").last!).sops.yaml",
                                      contents: aws.sopsConfig(pathRegex: "secrets/.*\\.yaml$", role: role, context: Self.context))
            let encrypt = try GitsopsBinary.run(["encrypt", "--config", config.path, "secrets/db.yaml"], in: dir.url, environment: env)
            Self.expectFailure(encrypt, naming: aws.key, encryptFailure, hint: encryptHint)

            let file = try dir.file("secrets/other-role.yaml",
                                    contents: good.replacingOccurrences(of: "role: \(aws.roles["cluster"]!)", with: "role: \(role)"))
            let decrypt = try GitsopsBinary.run(["decrypt", file.path], in: dir.url, environment: env)
            Self.expectFailure(decrypt, naming: aws.key, decryptFailure, hint: decryptHint)
        }

        // The key service is down: a prompt failure, not a hang.
        aws.stop()
        let file = try dir.file("secrets/good.yaml", contents: good)
        for arguments in [["decrypt", file.path], ["encrypt", "secrets/db.yaml"]] {
            let started = ContinuousClock.now
            let result = try GitsopsBinary.run(arguments, in: dir.url, environment: env)
            let elapsed = ContinuousClock.now - started
            #expect(elapsed < .seconds(60), "\(arguments[0]) took \(elapsed)")
            Self.expectFailure(result, naming: aws.key, "cannot reach AWS STS: \(aws.url)", hint: "AWS_ENDPOINT_URL")
        }
    }

    /// Exit 1, nothing on stdout, exactly one error line saying `failure` and naming `key`, a hint
    /// saying `hint`, no secret value anywhere.
    static func expectFailure(_ result: Command.Result, naming key: String, _ failure: String, hint: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "\(result.err)", sourceLocation: sourceLocation)
        #expect(result.out.isEmpty, sourceLocation: sourceLocation)
        let lines = result.err.split(separator: "\n")
        let failures = lines.filter { $0.contains(failure) }
        #expect(failures.count == 1 && failures[0].contains(key), "\(result.err)", sourceLocation: sourceLocation)
        let hints = lines.filter { $0.hasPrefix("gitsops: hint: ") }
        #expect(hints.count == 1 && hints[0].contains(hint), "\(result.err)", sourceLocation: sourceLocation)
        #expect(!result.err.contains("hunter2"), sourceLocation: sourceLocation)
    }

    @Test func aCloneOf50KMSSecretsDecryptsThemConcurrentlyAndWithoutCredentialsStaysEncrypted() async throws {
        let aws = try await LocalAWS()
        defer { aws.stop() }
        // 30 ms per request: data keys unwrapped one at a time would show as one request in flight.
        let proxy = try await TestServer.start("fault_proxy.py", [aws.url, "--latency-ms", "30"])
        defer { proxy.stop() }
        let binDir = GitsopsBinary.url.deletingLastPathComponent().path
        let sandbox = try GitSandbox("cloud-git", extraEnvironment: [
            "PATH": binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
        ])
        let home = try #require(sandbox.environment["HOME"] ?? nil)
        let withCredentials = aws.environment(home: home, endpoint: proxy.url)
        let withoutCredentials = aws.environment(home: home, endpoint: proxy.url, credentials: false)
        let role = try #require(aws.roles["cluster"])
        let gitsops = GitsopsBinary.url.path

        try sandbox.initRepository()
        try sandbox.write("repo/.sops.yaml", aws.sopsConfig(pathRegex: "^secrets/", role: role, context: Self.context))
        let initialized = try sandbox.run(gitsops, ["init"], environment: withCredentials)
        try #require(initialized.status == 0, "\(initialized.err)")
        let secrets = (1...50).map { ("secrets/app-\($0).yaml", Self.secret.replacingOccurrences(of: "hunter2-kms", with: "pw-\($0)-kms")) }
        for (path, text) in secrets { try sandbox.write("repo/" + path, text) }
        try sandbox.git(["add", "."], environment: withCredentials)
        try sandbox.git(["commit", "-q", "-m", "50 secrets for prod"], environment: withCredentials)

        let objects = try sandbox.git(["cat-file", "--batch-all-objects", "--batch"]).out
        for index in 1...50 { #expect(!objects.contains("pw-\(index)-kms")) }
        var stored: [String: Data] = [:]
        for (path, _) in secrets { stored[path] = try sandbox.git(["cat-file", "blob", "HEAD:" + path]).stdout }
        let first = String(decoding: try #require(stored["secrets/app-1.yaml"]), as: UTF8.self)
        #expect(first.contains("- arn: \(aws.key)") && first.contains("role: \(role)"))

        /// Every file of `clone` holds its plaintext (or its stored ciphertext), and git sees no change.
        func expectCheckedOut(_ clone: String, plaintext: Bool, environment: [String: String?]) throws {
            for (path, text) in secrets {
                let bytes = try sandbox.read(clone + "/" + path)
                #expect(bytes == (plaintext ? Data(text.utf8) : stored[path]), "\(clone)/\(path)")
            }
            #expect(try sandbox.git(["status", "--porcelain"], in: clone, environment: environment).out == "")
        }

        /// The proxy saw one AssumeRole and 50 Decrypts, several at a time and at most 16.
        func expectConcurrentUnwraps() async throws {
            let stats = try await proxy.send("stats")
            #expect(stats["actions"] as? [String: Int] == ["AssumeRole": 1, "Decrypt": 50])
            let inFlight = try #require(stats["max_concurrent"] as? Int)
            #expect((2...16).contains(inFlight), "at most \(inFlight) requests in flight")
        }

        // The documented way: clone, then `gitsops init` decrypts what the clone checked out.
        try await proxy.send("reset")
        try sandbox.git(["clone", "-q", sandbox.url("repo").path, sandbox.url("clone").path], in: ".", environment: withCredentials)
        let unlocked = try sandbox.run(gitsops, ["init"], in: "clone", environment: withCredentials)
        #expect(unlocked.status == 0, "\(unlocked.err)")
        #expect(unlocked.out.contains("decrypted 50 files in the working tree"))
        try await expectConcurrentUnwraps()
        try expectCheckedOut("clone", plaintext: true, environment: withCredentials)
        try await proxy.send("reset")

        // A clone configured up front: git's own checkout, where the filter delays remote-key smudges.
        let filterConfig = ["-c", "filter.gitsops.process=gitsops filter-process", "-c", "filter.gitsops.required=true"]
        try sandbox.git(["clone", "-q"] + filterConfig + [sandbox.url("repo").path, sandbox.url("configured").path], in: ".",
                        environment: withCredentials)
        try await expectConcurrentUnwraps()
        try expectCheckedOut("configured", plaintext: true, environment: withCredentials)

        // No credentials (a CI job): the checkout succeeds, encrypted, with one warning.
        let ci = try sandbox.git(["clone", "-q"] + filterConfig + [sandbox.url("repo").path, sandbox.url("ci").path], in: ".",
                                 environment: withoutCredentials)
        #expect(ci.err == "gitsops: warning: left encrypted, as stored: secrets/app-1.yaml, secrets/app-10.yaml, "
            + "secrets/app-11.yaml, secrets/app-12.yaml, secrets/app-13.yaml and 45 more (no usable key here); "
            + "run `gitsops doctor` for details\n")
        try expectCheckedOut("ci", plaintext: false, environment: withoutCredentials)
        let ciInit = try sandbox.run(gitsops, ["init"], in: "ci", environment: withoutCredentials)
        #expect(ciInit.status == 0, "\(ciInit.err)")
        #expect(ciInit.out.contains("50 files stay encrypted, as stored: secrets/app-1.yaml, secrets/app-10.yaml, "
            + "secrets/app-11.yaml, secrets/app-12.yaml, secrets/app-13.yaml and 45 more (no usable key here); "
            + "run `gitsops doctor` for details"))
        try expectCheckedOut("ci", plaintext: false, environment: withoutCredentials)
    }
}
