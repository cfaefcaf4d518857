import HTTP
import JSON
@testable import KeySources
import Testing

@Suite struct CloudAWSUnitTests {
    @Test(arguments: [
        ("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "aws", "us-east-1"),
        ("arn:aws-cn:kms:cn-north-1:123456789012:alias/sops", "aws-cn", "cn-north-1"),
        ("arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/k", "aws-us-gov", "us-gov-west-1"),
    ])
    func parsesKeyARNs(arn: String, partition: String, region: String) throws {
        let parsed = try #require(AWSKeyARN(arn))
        #expect(parsed.partition == partition)
        #expect(parsed.region == region)
        #expect(parsed.regionLooksValid)
    }

    @Test(arguments: ["", "arn:aws:kms:us-east-1:123456789012:key/", "arn:aws:s3:us-east-1:123456789012:key/k",
                      "arn:aws:kms:us-east-1:12345678901x:key/k", "arn:aws:kms::123456789012:key/k",
                      "arn:gcp:kms:us-east-1:123456789012:key/k", "arn:aws:kms:us-east-1:123456789012:keyring/k"])
    func rejectsOtherStrings(arn: String) {
        #expect(AWSKeyARN(arn) == nil)
    }

    @Test func endpointsFollowPartitionAndOverrides() throws {
        let arn = try #require(AWSKeyARN("arn:aws-cn:kms:cn-north-1:123456789012:key/k"))
        let none = CloudEnvironment(variables: [:], homeDirectory: "/nonexistent")
        #expect(AWSEndpoints.kms(arn, none)?.description == "https://kms.cn-north-1.amazonaws.com.cn/")
        #expect(AWSEndpoints.sts(region: "eu-west-1", partition: "aws", none)?.description == "https://sts.eu-west-1.amazonaws.com/")
        let global = CloudEnvironment(variables: ["AWS_ENDPOINT_URL": "http://localhost:4566"], homeDirectory: "/")
        #expect(AWSEndpoints.kms(arn, global)?.description == "http://localhost:4566/")
        let ignored = CloudEnvironment(variables: ["AWS_ENDPOINT_URL": "http://localhost:4566",
                                                   "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"], homeDirectory: "/")
        #expect(AWSEndpoints.kms(arn, ignored)?.host == "kms.cn-north-1.amazonaws.com.cn")
        #expect(AWSEndpoints.sso(region: "eu-west-1", none)?.description == "https://portal.sso.eu-west-1.amazonaws.com/")
        #expect(AWSEndpoints.sso(region: "cn-north-1", none)?.description == "https://portal.sso.cn-north-1.amazonaws.com.cn/")
        #expect(AWSEndpoints.sso(region: "eu-west-1", global)?.description == "http://localhost:4566/")
        let sso = CloudEnvironment(variables: ["AWS_ENDPOINT_URL": "http://localhost:4566", "AWS_ENDPOINT_URL_SSO": "http://sso:1"],
                                   homeDirectory: "/")
        #expect(AWSEndpoints.sso(region: "eu-west-1", sso)?.description == "http://sso:1/")
    }

    /// sops' regexp `[^a-zA-Z0-9=,.@-_]+` treats `@-_` as a range: `-` is removed, `[\]^_` kept.
    @Test func sessionNameIsBuiltAsSopsBuildsIt() {
        #expect(AWSSTS.sopsSessionName(hostname: "ci-runner-7.example.com") == "sops@cirunner7.example.com")
        #expect(AWSSTS.sopsSessionName(hostname: "host_[x]^ é!") == "sops@host_[x]^")
        let long = AWSSTS.sopsSessionName(hostname: String(repeating: "a", count: 100))
        #expect(long.count == 64 && long.hasPrefix("sops@aaa"))
    }

    @Test func parsesSharedConfigFiles() {
        let config = AWSSharedConfig.parse("""
            [default]
            region=us-east-1
            [profile dev]
            ; comment
            role_arn = arn:aws:iam::1:role/x
            Source_Profile = base
            s3 =
              addressing_style = path
            [sso-session corp]
            sso_region = eu-west-1
            [services local]
            kms =
              endpoint_url = http://localhost
            """, configFile: true)
        #expect(config == ["default": ["region": "us-east-1"],
                           "dev": ["role_arn": "arn:aws:iam::1:role/x", "source_profile": "base", "s3": ""]])
        let credentials = AWSSharedConfig.parse("[base]\naws_access_key_id = AKIA\naws_secret_access_key = s=cr/t\n", configFile: false)
        #expect(credentials == ["base": ["aws_access_key_id": "AKIA", "aws_secret_access_key": "s=cr/t"]])
    }

    @Test func parsesSSOSessionSectionsOfTheConfigFileOnly() {
        let text = """
            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            SSO_Region = eu-west-1
            sso_registration_scopes = sso:account:access
            [profile sso-session x]
            sso_session = corp
            [sso-session\tother ]
            sso_region = us-east-1
            [sso-sessions bad]
            sso_region = us-east-2
            [sso-session]
            sso_region = us-east-3
            """
        #expect(AWSSharedConfig.parse(text, configFile: true, .ssoSession) == [
            "corp": ["sso_start_url": "https://corp.awsapps.com/start", "sso_region": "eu-west-1",
                     "sso_registration_scopes": "sso:account:access"],
            "other": ["sso_region": "us-east-1"],
        ])
        #expect(AWSSharedConfig.parse(text, configFile: true) == ["sso-session x": ["sso_session": "corp"]])
        #expect(AWSSharedConfig.parse(text, configFile: false, .ssoSession) == [:])
    }

    @Test func ssoProfilesAreCheckedAsTheSDKChecksThem() throws {
        let config = AWSSharedConfig(profiles: [
            "legacy": ["sso_start_url": "https://x.awsapps.com/start", "sso_region": "eu-west-1", "sso_account_id": "1", "sso_role_name": "R"],
            "session": ["sso_session": "corp", "sso_account_id": "1", "sso_role_name": "R", "sso_region": "eu-west-1"],
            "dev team": ["sso_session": "corp", "sso_account_id": "1", "sso_role_name": "R"],
            "partial": ["sso_region": "eu-west-1", "sso_account_id": "", "sso_role_name": "R"],
            "no-section": ["sso_session": "gone", "sso_account_id": "1", "sso_role_name": "R"],
            "thin-section": ["sso_session": "thin", "sso_account_id": "1", "sso_role_name": "R"],
            "mismatch": ["sso_session": "corp", "sso_account_id": "1", "sso_role_name": "R", "sso_start_url": "https://y"],
            "keys": ["aws_access_key_id": "AKIA", "aws_secret_access_key": "s", "sso_session": ""],
        ], ssoSessions: ["corp": ["sso_start_url": "https://corp.awsapps.com/start", "sso_region": "eu-west-1"], "thin": ["sso_region": ""]])
        func profile(_ name: String) throws(KeySourceError) -> AWSSSOProfile? { try AWSSSOProfile(name: name, in: config, key: "k") }

        let legacy = try #require(try profile("legacy"))
        #expect(legacy.session == nil && legacy.tokenCacheKey == "https://x.awsapps.com/start" && legacy.region == "eu-west-1")
        #expect(legacy.loginCommand == "aws sso login --profile legacy")
        let session = try #require(try profile("session"))
        #expect(session.tokenCacheKey == "corp" && session.startURL == "https://corp.awsapps.com/start")
        #expect(session.loginCommand == "aws sso login --sso-session corp")
        #expect(try profile("keys") == nil)
        #expect(try profile("missing") == nil)
        #expect(try AWSSSOProfile(name: "dev team", in: AWSSharedConfig(profiles: ["dev team": ["sso_start_url": "u", "sso_region": "r",
            "sso_account_id": "1", "sso_role_name": "R"]]), key: "k")?.loginCommand == "aws sso login --profile 'dev team'")

        for (name, message) in [
            ("partial", "AWS profile partial uses SSO but lacks sso_account_id, sso_start_url"),
            ("no-section", "AWS profile no-section uses SSO but lacks the section [sso-session gone]"),
            ("thin-section", "AWS profile thin-section uses SSO but lacks sso_start_url in [sso-session thin], sso_region in [sso-session thin]"),
            ("mismatch", "AWS profile mismatch: sso_start_url differs from the one in [sso-session corp]"),
        ] {
            let error = #expect(throws: KeySourceError.self) { try profile(name) }
            #expect(error?.code == .credentials)
            #expect(error?.message == message)
        }
    }

    /// The AWS CLI names cache files after the hex SHA-1 of the start URL or session name (values
    /// from Python's hashlib) and has written expiresAt with `Z` and, in older versions, `UTC`.
    @Test func ssoTokenCacheIsNamedAndReadAsTheCLIWritesIt() throws {
        let config = AWSSharedConfig(profiles: [
            "legacy": ["sso_start_url": "https://gitsops-test.awsapps.com/start", "sso_region": "r", "sso_account_id": "1", "sso_role_name": "R"],
            "session": ["sso_session": "corp", "sso_account_id": "1", "sso_role_name": "R"],
        ], ssoSessions: ["corp": ["sso_start_url": "https://corp.awsapps.com/start", "sso_region": "r"]])
        let sso = AWSSSOCredentials(transport: CloudTest.transport(), environment: CloudEnvironment(variables: [:], homeDirectory: "/home/u"),
                                    clock: { UTCTime.now() })
        #expect(sso.tokenCachePath(try #require(try AWSSSOProfile(name: "legacy", in: config, key: "k")))
            == "/home/u/.aws/sso/cache/0c9124cbd983969cb7bde160933fdbec738d016c.json")
        #expect(sso.tokenCachePath(try #require(try AWSSSOProfile(name: "session", in: config, key: "k")))
            == "/home/u/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json")

        #expect(AWSSSOCredentials.expiry("2026-11-23T10:00:00Z") == UTCTime(secondsSinceEpoch: 1_795_428_000))
        #expect(AWSSSOCredentials.expiry("2026-11-23T10:00:00UTC") == UTCTime(secondsSinceEpoch: 1_795_428_000))
        #expect(AWSSSOCredentials.expiry("2026-11-23T11:00:00.5+01:00") == UTCTime(secondsSinceEpoch: 1_795_428_000))
        for bad in ["2026-11-23T10:00:00", "2026-11-23 10:00 UTC", "UTC", ""] { #expect(AWSSSOCredentials.expiry(bad) == nil) }

        let token = try #require(JSONDocument(parsing: #"{"accessToken": "t", "expiresAt": "2026-11-23T10:00:00Z", "region": "r"}"#))
        #expect(AWSSSOCredentials.token(token.root)?.accessToken == "t")
        for bad in [#"{"accessToken": "", "expiresAt": "2026-11-23T10:00:00Z"}"#, #"{"accessToken": "t"}"#,
                    #"{"accessToken": "t", "expiresAt": 1795428000}"#] {
            #expect(AWSSSOCredentials.token(try #require(JSONDocument(parsing: bad)).root) == nil)
        }
    }

    @Test func readsSTSXML() {
        let xml = """
            <AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA1</AccessKeyId>
            <SessionToken>a&amp;b&#x2F;c&#43;</SessionToken></Credentials></AssumeRoleResult></AssumeRoleResponse>
            """
        #expect(XMLText.first("AccessKeyId", in: xml) == "ASIA1")
        #expect(XMLText.first("SessionToken", in: xml) == "a&b/c+")
        #expect(XMLText.first("Expiration", in: xml) == nil)
    }
}
