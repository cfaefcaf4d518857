import HTTP

/// A KMS key ARN as sops accepts it (spec §7.4: `^arn:aws[\w-]*:kms:(.+):[0-9]+:(key|alias)/.+$`)
/// and what it implies: the partition and the region the key lives in.
struct AWSKeyARN: Sendable, Equatable {
    let text: String
    let partition: String
    let region: String

    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"),
              parts[1].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }),
              parts[2] == "kms", !parts[3].isEmpty,
              !parts[4].isEmpty, parts[4].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let resource = parts[5]
        guard (resource.hasPrefix("key/") && resource.count > 4) || (resource.hasPrefix("alias/") && resource.count > 6) else {
            return nil
        }
        self.text = text
        partition = String(parts[1])
        region = String(parts[3])
    }

    /// Whether the region has the shape of an AWS region name (`us-east-1`, `us-gov-west-1`).
    var regionLooksValid: Bool {
        let parts = region.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count >= 3 && parts.first?.count == 2
            && parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }
            && parts.last!.allSatisfy { $0.isASCII && $0.isNumber } && !parts.last!.isEmpty
    }
}

/// Where KMS, STS and SSO requests go: `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`, else
/// the service's regional endpoint in the key's partition.
enum AWSEndpoints {
    static func kms(_ arn: AWSKeyARN, _ environment: CloudEnvironment) -> HTTPURL? {
        url(service: "kms", variable: "AWS_ENDPOINT_URL_KMS", region: arn.region, partition: arn.partition, environment)
    }

    static func sts(region: String, partition: String, _ environment: CloudEnvironment) -> HTTPURL? {
        url(service: "sts", variable: "AWS_ENDPOINT_URL_STS", region: region, partition: partition, environment)
    }

    /// The IAM Identity Center portal (GetRoleCredentials) in the profile's `sso_region`.
    static func sso(region: String, _ environment: CloudEnvironment) -> HTTPURL? {
        url(service: "portal.sso", variable: "AWS_ENDPOINT_URL_SSO", region: region, partition: partition(region: region), environment)
    }

    static func url(service: String, variable: String, region: String, partition: String,
                            _ environment: CloudEnvironment) -> HTTPURL? {
        if !environment.flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"),
           let configured = environment[variable] ?? environment["AWS_ENDPOINT_URL"] {
            return HTTPURL(configured)
        }
        return HTTPURL("https://\(service).\(region).\(dnsSuffix(partition))/")
    }

    /// The partition of a region named outside a key ARN (Secrets Manager, `sso_region`).
    static func partition(region: String) -> String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    static func dnsSuffix(_ partition: String) -> String {
        switch partition {
        case "aws-cn": "amazonaws.com.cn"
        case "aws-iso": "c2s.ic.gov"
        case "aws-iso-b": "sc2s.sgov.gov"
        case "aws-iso-e": "cloud.adc-e.uk"
        case "aws-iso-f": "csp.hci.ic.gov"
        default: "amazonaws.com"
        }
    }
}
