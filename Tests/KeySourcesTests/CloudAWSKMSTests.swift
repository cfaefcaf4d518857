import Crypto
import Foundation
import HTTP
@testable import KeySources
import TestSupport
import Testing
import TextEncoding

/// AWS KMS against moto with IAM enforcement on: moto recomputes every SigV4 signature with the
/// caller's secret and evaluates IAM and trust policies, so these tests fail on a wrong signature,
/// a wrong region, a role that was not assumed, or a policy that does not allow the call.
/// Serialized: each test starts its own moto, and a dozen at once would saturate a small CI machine.
@Suite(.serialized) struct CloudAWSKMSTests {
    @Test func roleAndContextRoundTripAndBoto3ReadsTheStanza() async throws {
        let aws = try await MotoAWS()
        defer { aws.stop() }
        let home = try TemporaryDirectory()
        // A bogus global endpoint proves the per-service variables win.
        let env = aws.environment(home: home, endpoint: "http://127.0.0.1:9/",
                                  ["AWS_ENDPOINT_URL_KMS": aws.url, "AWS_ENDPOINT_URL_STS": aws.url])
        let service = AWSKMSKeyService(environment: env, transport: CloudTest.transport())
        let context = ["env": "prod", "app": "web"]
        let stanza = AWSKMSKey(arn: aws.keys["us-east-1"]!, role: aws.roles["cluster"]!, context: context)
        let dataKey = CloudTest.dataKey()

        let wrapped = try await service.wrap(dataKey, for: .awsKMS(stanza))
        guard case .awsKMS(let written) = wrapped else { Issue.record("not a KMS key"); return }
        #expect(written.arn == stanza.arn && written.role == stanza.role && written.context == context && written.awsProfile == "")
        #expect(UTCTime(rfc3339: written.createdAt) != nil)
        #expect(Base64.decode(written.enc) != nil)

        #expect(try await service.unwrap(wrapped) == dataKey)
        // The wire format: boto3 decrypts the stanza's enc with the same context.
        #expect(try await aws.boto3Decrypt(written.enc, context: context) == CloudTest.hex(dataKey))

        // And the other way: a CiphertextBlob boto3 made decrypts here.
        let blob = try await aws.boto3Encrypt(stanza.arn, dataKey.unsafeArray(), context: context)
        #expect(try await service.unwrap(.awsKMS(AWSKMSKey(arn: stanza.arn, role: stanza.role, context: context,
                                                         createdAt: written.createdAt, enc: blob))) == dataKey)

        // The context is bound: another one is refused, and the message says to check it.
        var tampered = written
        tampered.context["env"] = "dev"
        let error = await CloudTest.error { _ = try await service.unwrap(.awsKMS(tampered)) }
        #expect(error?.code == .failed)
        #expect(error?.message.contains("encryption context") == true)
        #expect(error?.hint?.contains("context") == true)
    }

    @Test func regionComesFromTheKeyARN() async throws {
        let aws = try await MotoAWS()
        defer { aws.stop() }
        let home = try TemporaryDirectory()
        let service = AWSKMSKeyService(environment: aws.environment(home: home), transport: CloudTest.transport())
        // moto keeps keys per region (taken from the signature's scope): the eu-west-1 key is only
        // found when the request is signed for eu-west-1.
        let stanza = AWSKMSKey(arn: aws.keys["eu-west-1"]!, role: aws.roles["cluster"]!)
        let dataKey = CloudTest.dataKey()
        let wrapped = try await service.wrap(dataKey, for: .awsKMS(stanza))
        #expect(try await service.unwrap(wrapped) == dataKey)
    }

    @Test func deniedKeyUntrustedRoleAndBadSecretSayWhatToFix() async throws {
        let aws = try await MotoAWS()
        defer { aws.stop() }
        let home = try TemporaryDirectory()
        let env = aws.environment(home: home)
        let service = AWSKMSKeyService(environment: env, transport: CloudTest.transport())
        let arn = aws.keys["us-east-1"]!
        let wrapped = try await service.wrap(CloudTest.dataKey(), for: .awsKMS(AWSKMSKey(arn: arn, role: aws.roles["cluster"]!)))
        guard case .awsKMS(let good) = wrapped else { return }

        // A role without kms:Decrypt: denied, naming the key, the role, and what to grant. moto's
        // message shows the session name sops would use (host "ci-runner-7" → "sops@cirunner7").
        var noKMS = good
        noKMS.role = aws.roles["no-kms"]!
        let denied = await CloudTest.error { _ = try await service.unwrap(.awsKMS(noKMS)) }
        #expect(denied?.code == .failed)
        #expect(denied?.key == AWSKMSKey(arn: arn, role: aws.roles["no-kms"]!).identity)
        #expect(denied?.message.contains("denied Decrypt on \(arn) as role \(aws.roles["no-kms"]!)") == true)
        #expect(denied?.message.contains("assumed-role/no-kms/sops@cirunner7") == true)
        #expect(denied?.hint?.contains("kms:Decrypt") == true)

        // A role whose trust policy does not name us: cannot be assumed.
        var untrusted = good
        untrusted.role = aws.roles["untrusted"]!
        let refused = await CloudTest.error { _ = try await service.unwrap(.awsKMS(untrusted)) }
        #expect(refused?.code == .credentials)
        #expect(refused?.message.contains("cannot assume role \(aws.roles["untrusted"]!)") == true)
        #expect(refused?.hint?.contains("trust policy") == true)

        // No role and a user without kms permissions: denied as the environment's credentials.
        var direct = good
        direct.role = ""
        let userDenied = await CloudTest.error { _ = try await service.unwrap(.awsKMS(direct)) }
        #expect(userDenied?.code == .failed)
        #expect(userDenied?.message.contains("as environment variables") == true)

        // A wrong secret key: the signature does not match, which is a credentials problem.
        let badSecret = AWSKMSKeyService(environment: aws.environment(home: home, ["AWS_SECRET_ACCESS_KEY": "wrong"]),
                                         transport: CloudTest.transport())
        let rejected = await CloudTest.error { _ = try await badSecret.unwrap(wrapped) }
        #expect(rejected?.code == .credentials)
        #expect(rejected?.message.contains("SignatureDoesNotMatch") == true)
        #expect(rejected?.hint?.contains("refresh") == true)
    }

    @Test func webIdentityTokenAssumesTheRole() async throws {
        let aws = try await MotoAWS()
        defer { aws.stop() }
        let home = try TemporaryDirectory()
        let token = try home.file("token", contents: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Zmx1eCJ9.c2ln\n")
        // No keys anywhere but the token: only AssumeRoleWithWebIdentity can yield credentials,
        // and moto checks the KMS call's signature against the credentials it issued.
        let env = aws.environment(home: home, developerKeys: false,
                                  ["AWS_ROLE_ARN": aws.roles["cluster"]!, "AWS_WEB_IDENTITY_TOKEN_FILE": token.path])
        let service = AWSKMSKeyService(environment: env, transport: CloudTest.transport())
        let dataKey = CloudTest.dataKey()
        let wrapped = try await service.wrap(dataKey, for: .awsKMS(AWSKMSKey(arn: aws.keys["us-east-1"]!)))
        #expect(try await service.unwrap(wrapped) == dataKey)

        let missing = AWSKMSKeyService(environment: aws.environment(home: home, developerKeys: false,
            ["AWS_ROLE_ARN": aws.roles["cluster"]!, "AWS_WEB_IDENTITY_TOKEN_FILE": home.path + "/nope"]), transport: CloudTest.transport())
        let error = await CloudTest.error { _ = try await missing.unwrap(wrapped) }
        #expect(error?.code == .credentials)
        #expect(error?.message.contains("web identity token file") == true)
    }

    @Test func sharedConfigProfilesWithSourceProfileAndRoleArn() async throws {
        let aws = try await MotoAWS()
        defer { aws.stop() }
        let home = try TemporaryDirectory()
        try home.file(".aws/credentials", contents: """
            [dev]
            aws_access_key_id = \(aws.developer.id)
            aws_secret_access_key = \(aws.developer.secret)
            """)
        try home.file(".aws/config", contents: """
            [default]
            region = us-east-1

            [profile cluster]
            role_arn = \(aws.roles["cluster"]!)
            source_profile = dev
            # a comment
            s3 =
              max_concurrent_requests = 4
            """)
        let arn = aws.keys["us-east-1"]!
        let dataKey = CloudTest.dataKey()

        // The stanza's aws_profile: the profile's role is assumed with dev's keys (environment keys
        // are not consulted for an explicit profile, so none are set here).
        let byStanza = AWSKMSKeyService(environment: aws.environment(home: home, developerKeys: false), transport: CloudTest.transport())
        let wrapped = try await byStanza.wrap(dataKey, for: .awsKMS(AWSKMSKey(arn: arn, awsProfile: "cluster")))
        #expect(try await byStanza.unwrap(wrapped) == dataKey)

        // AWS_PROFILE selects the same profile for stanzas without one.
        let byVariable = AWSKMSKeyService(environment: aws.environment(home: home, developerKeys: false, ["AWS_PROFILE": "cluster"]),
                                          transport: CloudTest.transport())
        guard case .awsKMS(var plain) = wrapped else { return }
        plain.awsProfile = ""
        #expect(try await byVariable.unwrap(.awsKMS(plain)) == dataKey)

        // A profile that does not exist is an error, not "no credentials".
        let unknown = await CloudTest.error {
            _ = try await byStanza.unwrap(.awsKMS(AWSKMSKey(arn: arn, awsProfile: "prod", enc: plain.enc)))
        }
        #expect(unknown?.code == .credentials)
        #expect(unknown?.message.contains("AWS profile prod") == true)
    }

    /// `credential_process` as the SDKs run it (`sh -c`, arguments and all): its keys are used as
    /// they are or to assume the profile's role; it runs once per process until its credentials
    /// expire; a failure or a malformed answer is named without what the command printed.
    @Test func credentialProcessSuppliesKeysOnItsOwnOrToAssumeARole() async throws {
        let aws = try await MotoAWS()
        defer { aws.stop() }
        let home = try TemporaryDirectory()
        let runs = home.url.appendingPathComponent("runs").path
        let script = try home.file("bin/creds", contents: """
            #!/bin/sh
            echo run >> \(runs)
            [ "$1" = --profile ] && [ "$2" = "dev team" ] || { echo "bad arguments: $*" >&2; exit 9; }
            printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s", "Expiration": "2999-01-01T00:00:00Z"}' \
                \(aws.developer.id) \(aws.developer.secret)
            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        try home.file(".aws/config", contents: """
            [profile keys]
            credential_process = \(script.path) --profile "dev team"

            [profile cluster]
            credential_process = \(script.path) --profile 'dev team'
            role_arn = \(aws.roles["cluster"]!)

            [profile failing]
            credential_process = sh -c 'echo "AKIA-printed-secret" >&2; exit 3'

            [profile unversioned]
            credential_process = printf '{"AccessKeyId": "AKIA-printed-secret", "SecretAccessKey": "s"}'
            """)
        let service = AWSKMSKeyService(environment: aws.environment(home: home, developerKeys: false), transport: CloudTest.transport())
        let arn = aws.keys["us-east-1"]!
        let dataKey = CloudTest.dataKey()
        // The developer may only use the key through the cluster role: moto names who signed.
        let wrapped = try await service.wrap(dataKey, for: .awsKMS(AWSKMSKey(arn: arn, awsProfile: "cluster")))
        #expect(try await service.unwrap(wrapped) == dataKey)
        let denied = await CloudTest.error { _ = try await service.wrap(dataKey, for: .awsKMS(AWSKMSKey(arn: arn, awsProfile: "keys"))) }
        #expect(denied?.message.contains("as profile keys (credential_process): User: arn:aws:iam::123456789012:user/developer") == true,
                "\(String(describing: denied))")
        #expect(try String(contentsOfFile: runs, encoding: .utf8) == "run\nrun\n", "once per profile, then cached")

        for (profile, message) in [("failing", "AWS profile failing: credential_process: command `sh` exited with status 3"),
                                   ("unversioned", "AWS profile unversioned: credential_process: command `printf` printed no credentials")] {
            let error = await CloudTest.error {
                _ = try await service.wrap(dataKey, for: .awsKMS(AWSKMSKey(arn: arn, awsProfile: profile)))
            }
            #expect(error?.code == .credentials)
            #expect(error?.message.contains(message) == true, "\(String(describing: error))")
            #expect(error.map { "\($0)" }?.contains("printed-secret") == false)
        }
    }

    /// IAM Identity Center: the token `aws sso login` cached buys the developer's keys from the
    /// portal, and they assume the cluster role (the only way the developer may use the key).
    @Test func ssoProfilesExchangeTheCachedTokenForRoleCredentials() async throws {
        let aws = try await MotoAWS()
        defer { aws.stop() }
        let token = "aoaAAAAAGd-sso-access-token-\(UUID().uuidString)"
        let portal = try await TestServer.start("aws_sso_portal.py", [token, "111122223333", "Developer", aws.developer.id, aws.developer.secret])
        defer { portal.stop() }
        let home = try TemporaryDirectory()
        try home.file(".aws/config", contents: """
            [profile legacy]
            sso_start_url = https://gitsops-test.awsapps.com/start
            sso_region = eu-west-1
            sso_account_id = 111122223333
            sso_role_name = Developer
            role_arn = \(aws.roles["cluster"]!)

            [profile session]
            sso_session = corp
            sso_account_id = 111122223333
            sso_role_name = Developer
            role_arn = \(aws.roles["cluster"]!)

            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = us-east-1
            sso_registration_scopes = sso:account:access

            [profile expired]
            sso_session = stale
            sso_account_id = 111122223333
            sso_role_name = Developer

            [sso-session stale]
            sso_start_url = https://stale.awsapps.com/start
            sso_region = us-east-1

            [profile signed-out]
            sso_start_url = https://elsewhere.awsapps.com/start
            sso_region = us-east-1
            sso_account_id = 111122223333
            sso_role_name = Developer

            [profile forged]
            sso_start_url = https://forged.awsapps.com/start
            sso_region = us-east-1
            sso_account_id = 111122223333
            sso_role_name = Developer

            [profile admin]
            sso_session = corp
            sso_account_id = 111122223333
            sso_role_name = Admin
            """)
        // The AWS CLI's cache files, named after the SHA-1 of the start URL (legacy) or session name
        // (computed with Python's hashlib), with both expiresAt forms the CLI has written.
        let cache = ".aws/sso/cache/"
        try home.file(cache + "0c9124cbd983969cb7bde160933fdbec738d016c.json", contents: """
            {"startUrl": "https://gitsops-test.awsapps.com/start", "region": "eu-west-1", "accessToken": "\(token)",
             "expiresAt": "2999-01-01T00:00:00Z"}
            """)
        try home.file(cache + "ee0bfd2552fbd840c02cc48b6e823320543c450f.json", contents: """
            {"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1", "accessToken": "\(token)",
             "expiresAt": "2999-01-01T00:00:00UTC", "clientId": "client", "clientSecret": "client-secret",
             "registrationExpiresAt": "2999-01-01T00:00:00Z", "refreshToken": "refresh-token"}
            """)
        try home.file(cache + "a4e976a3d3fc6d0b40453de216fbbe2e9aaecdc4.json", contents: """
            {"accessToken": "\(token)", "expiresAt": "2020-01-01T00:00:00Z"}
            """)
        try home.file(cache + "408d0ba387e1e8a9b41f5533e0c012e5c11ce1ce.json", contents: """
            {"accessToken": "forged-\(token)", "expiresAt": "2999-01-01T00:00:00Z"}
            """)
        let service = AWSKMSKeyService(environment: aws.environment(home: home, developerKeys: false, ["AWS_ENDPOINT_URL_SSO": portal.url]),
                                       transport: CloudTest.transport())
        let arn = aws.keys["us-east-1"]!
        let dataKey = CloudTest.dataKey()
        for profile in ["legacy", "session"] {
            let wrapped = try await service.wrap(dataKey, for: .awsKMS(AWSKMSKey(arn: arn, awsProfile: profile)))
            #expect(try await service.unwrap(wrapped) == dataKey)
        }

        let cacheFile = "\(home.path)/\(cache)5d5fdcdf7649215ab188fd25b48e9502e34b66c6.json"
        for (profile, message, hint) in [
            ("expired", "AWS profile expired: the SSO session expired at 2020-01-01T00:00:00Z", "run: aws sso login --sso-session stale"),
            ("signed-out", "AWS profile signed-out: not signed in to SSO (no token cached in \(cacheFile))",
             "run: aws sso login --profile signed-out"),
            ("forged", "AWS profile forged: AWS SSO refused the cached token (UnauthorizedException: Session token not found or invalid)",
             "run: aws sso login --profile forged"),
            ("admin", "AWS profile admin: AWS SSO denied role Admin in account 111122223333 (ForbiddenException: No access)",
             "check sso_account_id and sso_role_name, or run: aws sso login --sso-session corp"),
        ] {
            let error = await CloudTest.error { _ = try await service.wrap(dataKey, for: .awsKMS(AWSKMSKey(arn: arn, awsProfile: profile))) }
            #expect(error?.code == .credentials)
            #expect(error?.message.contains(message) == true, "\(String(describing: error))")
            #expect(error?.hint == hint)
            #expect(error.map { "\($0) \($0.hint ?? "")" }?.contains(token) == false)
        }

        // Asked once per profile (then cached); the expired and missing tokens never left the machine.
        let log = try #require(try await portal.send("stats")["requests"] as? [[Any]])
        #expect(log.map { "\($0[0]) \($0[1]) \($0[2])" } == ["111122223333 Developer 200", "111122223333 Developer 200",
                                                             "111122223333 Developer 401", "111122223333 Admin 403"])
    }

    @Test func containerEndpointAndInstanceMetadataCredentials() async throws {
        let aws = try await MotoAWS()
        defer { aws.stop() }
        let metadata = try await TestServer.start("aws_metadata.py", [aws.developer.id, aws.developer.secret, "container-secret-token"])
        defer { metadata.stop() }
        let home = try TemporaryDirectory()
        let tokenFile = try home.file("container-token", contents: "container-secret-token\n")
        let arn = aws.keys["us-east-1"]!, role = aws.roles["cluster"]!
        let dataKey = CloudTest.dataKey()

        let container = AWSKMSKeyService(environment: aws.environment(home: home, developerKeys: false, [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": metadata.url + "/v2/credentials/gitsops",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path,
        ]), transport: CloudTest.transport())
        let wrapped = try await container.wrap(dataKey, for: .awsKMS(AWSKMSKey(arn: arn, role: role)))
        #expect(try await container.unwrap(wrapped) == dataKey)

        var env = aws.environment(home: home, developerKeys: false, ["AWS_EC2_METADATA_SERVICE_ENDPOINT": metadata.url])
        env.variables["AWS_EC2_METADATA_DISABLED"] = nil
        let instance = AWSKMSKeyService(environment: env, transport: CloudTest.transport())
        #expect(try await instance.unwrap(wrapped) == dataKey)

        let log = try #require(try await metadata.send("stats")["requests"] as? [[Any]])
        let requests: [String] = log.map { "\($0[0]) \($0[1]) \($0[2])" }
        #expect(requests == [
            "GET /v2/credentials/gitsops 200",
            "PUT /latest/api/token 200",
            "GET /latest/meta-data/iam/security-credentials/ 200",
            "GET /latest/meta-data/iam/security-credentials/instance-role 200",
        ])

        // An instance without IMDSv2 (the token is refused): IMDSv1, unless that is disabled.
        try await metadata.send("imdsv1")
        #expect(try await AWSKMSKeyService(environment: env, transport: CloudTest.transport()).unwrap(wrapped) == dataKey)
        env.variables["AWS_EC2_METADATA_V1_DISABLED"] = "true"
        let v1Disabled = await CloudTest.error { _ = try await AWSKMSKeyService(environment: env, transport: CloudTest.transport()).unwrap(wrapped) }
        #expect(v1Disabled?.code == .notThisKey)
        let later = try #require(try await metadata.send("stats")["requests"] as? [[Any]]).dropFirst(log.count)
        #expect(later.map { "\($0[0]) \($0[1]) \($0[2])" } == [
            "PUT /latest/api/token 405",
            "GET /latest/meta-data/iam/security-credentials/ 200",
            "GET /latest/meta-data/iam/security-credentials/instance-role 200",
            "PUT /latest/api/token 405",
        ])
    }

    @Test func noCredentialsAtAllMeansNotThisKey() async throws {
        let home = try TemporaryDirectory()
        let env = CloudEnvironment(variables: ["AWS_EC2_METADATA_DISABLED": "true"], homeDirectory: home.path)
        let service = AWSKMSKeyService(environment: env, transport: CloudTest.transport())
        let stanza = AWSKMSKey(arn: "arn:aws:kms:us-east-1:123456789012:key/0b7e1c4e-0000-4000-8000-000000000000",
                               role: "arn:aws:iam::123456789012:role/cluster", createdAt: "2025-01-01T00:00:00Z", enc: "AQID")
        let unwrap = await CloudTest.error { _ = try await service.unwrap(.awsKMS(stanza)) }
        #expect(unwrap?.code == .notThisKey)
        // Encrypting needs credentials: that is an error, not a skip.
        let wrap = await CloudTest.error { _ = try await service.wrap(CloudTest.dataKey(), for: .awsKMS(stanza)) }
        #expect(wrap?.code == .credentials)
        #expect(wrap?.hint?.contains("AWS_PROFILE") == true)
    }

    @Test func throttlingIsRetriedWithBoundedAttemptsAndRoleCredentialsAreCached() async throws {
        let aws = try await MotoAWS()
        defer { aws.stop() }
        let proxy = try await TestServer.start("fault_proxy.py", [aws.url])
        defer { proxy.stop() }
        let home = try TemporaryDirectory()
        let clock = TestClock()
        let service = AWSKMSKeyService(environment: aws.environment(home: home, endpoint: proxy.url),
                                       transport: CloudTest.transport(), clock: { clock.now })
        let stanza = AWSKMSKey(arn: aws.keys["us-east-1"]!, role: aws.roles["cluster"]!)
        let dataKeys = (0..<12).map { _ in CloudTest.dataKey() }

        // 12 keys wrapped and unwrapped concurrently: the role is assumed once.
        let wrapped = try await withThrowingTaskGroup(of: (Int, MasterKey).self) { group in
            for (i, key) in dataKeys.enumerated() { group.addTask { (i, try await service.wrap(key, for: .awsKMS(stanza))) } }
            return try await group.reduce(into: [Int: MasterKey]()) { $0[$1.0] = $1.1 }
        }
        let unwrapped = try await withThrowingTaskGroup(of: (Int, SecretBytes).self) { group in
            for (i, key) in wrapped { group.addTask { (i, try await service.unwrap(key)) } }
            return try await group.reduce(into: [Int: SecretBytes]()) { $0[$1.0] = $1.1 }
        }
        #expect((0..<12).allSatisfy { unwrapped[$0] == dataKeys[$0] })
        var actions = try #require(try await proxy.send("stats")["actions"] as? [String: Int])
        #expect(actions == ["AssumeRole": 1, "Encrypt": 12, "Decrypt": 12])

        // Throttled twice, then answered: retried, succeeds.
        try await proxy.send("reset")
        try await proxy.send("throttle 2")
        #expect(try await service.unwrap(wrapped[0]!) == dataKeys[0])
        #expect(try #require(try await proxy.send("stats")["actions"] as? [String: Int]) == ["Decrypt": 3])

        // Throttled for good: gives up after the policy's 4 attempts and says so.
        try await proxy.send("reset")
        try await proxy.send("throttle 10")
        let throttled = await CloudTest.error { _ = try await service.unwrap(wrapped[1]!) }
        #expect(throttled?.code == .unreachable)
        #expect(throttled?.message.contains("ThrottlingException") == true)
        #expect(throttled?.message.contains("4 attempts") == true)
        #expect(try #require(try await proxy.send("stats")["actions"] as? [String: Int]) == ["Decrypt": 4])

        // Shortly before the assumed credentials expire (moto issues them for an hour), they are
        // fetched again.
        try await proxy.send("reset")
        clock.advance(seconds: 3600 - 120)
        #expect(try await service.unwrap(wrapped[2]!) == dataKeys[2])
        actions = try #require(try await proxy.send("stats")["actions"] as? [String: Int])
        #expect(actions == ["AssumeRole": 1, "Decrypt": 1])
    }

    @Test func unreachableEndpointFailsInBoundedTime() async throws {
        let home = try TemporaryDirectory()
        let port = try FreePort.next()
        let env = CloudEnvironment(variables: ["AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
                                               "AWS_ENDPOINT_URL": "http://127.0.0.1:\(port)"], homeDirectory: home.path)
        let stanza = AWSKMSKey(arn: "arn:aws:kms:us-east-1:123456789012:key/k", createdAt: "2025-01-01T00:00:00Z", enc: "AQID")
        let refused = await CloudTest.error {
            _ = try await AWSKMSKeyService(environment: env, transport: CloudTest.transport()).unwrap(.awsKMS(stanza))
        }
        #expect(refused?.code == .unreachable)
        #expect(refused?.message.contains("cannot reach AWS KMS") == true)
        #expect(refused?.message.contains("127.0.0.1:\(port)") == true)

        // A server that accepts and never answers: each attempt ends at the total timeout.
        let hanging = try await TestServer.start("fault_proxy.py", ["http://127.0.0.1:\(port)"])
        defer { hanging.stop() }
        try await hanging.send("hang 10")
        var options = HTTPClient.Options()
        options.timeouts = HTTPTimeouts(connect: .seconds(1), total: .milliseconds(500))
        var hangingEnv = env
        hangingEnv.variables["AWS_ENDPOINT_URL"] = hanging.url
        let started = ContinuousClock.now
        let timedOut = await CloudTest.error {
            _ = try await AWSKMSKeyService(environment: hangingEnv, transport: CloudTest.transport(options)).unwrap(.awsKMS(stanza))
        }
        #expect(timedOut?.code == .unreachable)
        #expect(timedOut?.message.contains("timed out") == true)
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(try await hanging.send("stats")["total"] as? Int == 4)
    }

    @Test func unknownRegionIsNamed() async throws {
        let home = try TemporaryDirectory()
        let env = CloudEnvironment(variables: ["AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"],
                                   homeDirectory: home.path)
        let service = AWSKMSKeyService(environment: env, transport: CloudTest.transport())
        let unresolvable = AWSKMSKey(arn: "arn:aws:kms:xx-nowhere-9:123456789012:key/k", createdAt: "2025-01-01T00:00:00Z", enc: "AQID")
        let dns = await CloudTest.error { _ = try await service.unwrap(.awsKMS(unresolvable)) }
        #expect(dns?.code == .unreachable)
        #expect(dns?.message.contains("is xx-nowhere-9 an AWS region?") == true)

        let malformed = AWSKMSKey(arn: "arn:aws:kms:moon:123456789012:key/k", createdAt: "2025-01-01T00:00:00Z", enc: "AQID")
        let invalid = await CloudTest.error { _ = try await service.unwrap(.awsKMS(malformed)) }
        #expect(invalid?.code == .invalidKey)
        #expect(invalid?.message == "unknown AWS region moon in the key ARN")

        let notAnARN = await CloudTest.error { _ = try await service.unwrap(.awsKMS(AWSKMSKey(arn: "alias/sops", enc: "AQID"))) }
        #expect(notAnARN?.code == .invalidKey)
    }
}
