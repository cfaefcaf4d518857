import Foundation
import TestSupport
import Testing

/// moto with IAM enforcement (Tests/Servers/aws_moto.py) for driving the built `gitsops`: keys,
/// roles, the developer's credentials, and the child environment that points every AWS client
/// (gitsops, boto3, sops_ref.py) at it.
final class LocalAWS: Sendable {
    let server: TestServer
    let url: String
    let developer: (id: String, secret: String)
    let roles: [String: String]
    /// The us-east-1 key.
    let key: String

    init() async throws {
        server = try await TestServer.start("aws_moto.py")
        url = server.url
        let users = try #require(server.info["users"] as? [String: [String: String]])
        developer = (try #require(users["developer"]?["id"]), try #require(users["developer"]?["secret"]))
        roles = try #require(server.info["roles"] as? [String: String])
        key = try #require((server.info["keys"] as? [String: String])?["us-east-1"])
    }

    /// Ends moto (idempotent).
    func stop() { server.stop() }

    /// The child environment: `HOME` in `home` (no `~/.aws`), every AWS endpoint at `endpoint`
    /// (moto unless told), the developer's keys unless `credentials` is false, nothing inherited
    /// that could change which credentials or endpoints are used.
    func environment(home: String, endpoint: String? = nil, credentials: Bool = true) -> [String: String?] {
        var env: [String: String?] = [
            "HOME": home, "XDG_CONFIG_HOME": home + "/.config",
            "AWS_ENDPOINT_URL": endpoint ?? url, "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ACCESS_KEY_ID": credentials ? developer.id : nil,
            "AWS_SECRET_ACCESS_KEY": credentials ? developer.secret : nil,
            "AWS_DEFAULT_REGION": "us-east-1",
            "SOPS_AGE_KEY": nil, "SOPS_AGE_KEY_FILE": nil, "SOPS_AGE_RECIPIENTS": nil, "SOPS_KMS_ARN": nil,
            "SOPS_CONFIG": nil,
        ]
        for name in ["AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
                     "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL_STS",
                     "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_REGION"] {
            env[name] = nil
        }
        return env
    }

    /// A `.sops.yaml` with one rule for `pathRegex`: this key wrapped through `role` with `context`.
    func sopsConfig(pathRegex: String, role: String, context: [String: String]) -> String {
        ([
            "creation_rules:",
            "  - path_regex: \(pathRegex)",
            "    encrypted_regex: ^(data|stringData)$",
            "    key_groups:",
            "      - kms:",
            "          - arn: \(key)",
            "            role: \(role)",
            "            context:",
        ] + context.sorted { $0.key < $1.key }.map { "              \($0.key): \($0.value)" }).joined(separator: "\n") + "\n"
    }
}
