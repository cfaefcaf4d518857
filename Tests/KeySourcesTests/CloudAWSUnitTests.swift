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
