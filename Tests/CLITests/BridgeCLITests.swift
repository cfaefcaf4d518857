import Foundation
import TestSupport
import Testing

/// `kubectl secrets seal`, `unseal` and `push` as a user runs them: files encrypted by `gitsops
/// encrypt`, the independent sealed-secrets implementation (Tests/Tools/sealed_secrets_ref.py),
/// real kubectl against a loopback API server, moto read back with boto3.
@Suite struct BridgeCLITests {
    static let identity = "AGE-SECRET-KEY-1G0Q5K9TV4REQ3ZSQRMTMG8NSWQGYT0T7TZ33RAZEE0GZYVZN0APSU24RK7"
    static let recipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun"
    static let secret = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
          labels: {app: api}
        type: Opaque
        stringData:
          password: s3cr3t-Pa55
        data:
          tls.key: LS0tLS1CRUdJTg==

        """

    /// A directory with `.sops.yaml`, `secrets/db.yaml` encrypted by `gitsops encrypt -i`, and the
    /// `kubectl-secrets` link.
    static func workspace() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory("bridge-cli")
        try dir.file(".sops.yaml", contents: """
            creation_rules:
              - path_regex: secrets/.*\\.yaml$
                encrypted_regex: ^(data|stringData)$
                age: \(recipient)
            """)
        try dir.file("secrets/db.yaml", contents: secret)
        let encrypted = try GitsopsBinary.run(["encrypt", "-i", "secrets/db.yaml"], in: dir.url, environment: env(dir))
        #expect(encrypted.status == 0, "\(encrypted.err)")
        try FileManager.default.createSymbolicLink(at: dir.url.appendingPathComponent("kubectl-secrets"), withDestinationURL: GitsopsBinary.url)
        return dir
    }

    /// The child environment: the age identity, an empty home, nothing inherited that could pick
    /// other keys, clusters or AWS settings.
    static func env(_ dir: TemporaryDirectory, _ extra: [String: String?] = [:]) -> [String: String?] {
        var env: [String: String?] = ["SOPS_AGE_KEY": identity, "SOPS_AGE_KEY_FILE": nil, "SOPS_AGE_RECIPIENTS": nil, "SOPS_CONFIG": nil,
                                      "HOME": dir.path, "XDG_CONFIG_HOME": dir.path + "/config", "KUBECONFIG": nil, "KUBECTL": nil,
                                      "AWS_EC2_METADATA_DISABLED": "true"]
        for name in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
                     "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SECRETSMANAGER", "AWS_ENDPOINT_URL_STS",
                     "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                     "AWS_CONTAINER_CREDENTIALS_FULL_URI", "SEALED_SECRETS_CERT", "SEALED_SECRETS_CONTROLLER_NAME",
                     "SEALED_SECRETS_CONTROLLER_NAMESPACE"] {
            env[name] = nil
        }
        return env.merging(extra) { _, new in new }
    }

    static func plugin(_ dir: TemporaryDirectory, _ arguments: [String], _ extra: [String: String?] = [:]) throws -> Command.Result {
        try Command.run(dir.path + "/kubectl-secrets", arguments, in: dir.url, environment: env(dir, extra))
    }

    static func reference(_ arguments: [String]) throws -> Command.Result {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tools/sealed_secrets_ref.py")
        return try Command.run("python3", [script.path] + arguments)
    }

    static let expectedValues = ["password": Data("s3cr3t-Pa55".utf8).base64EncodedString(), "tls.key": "LS0tLS1CRUdJTg=="]

    @Test func sealsWithACertificateFileAndUnsealsBothWays() throws {
        let dir = try Self.workspace()
        #expect(try Self.reference(["keygen", dir.path + "/keys"]).status == 0)
        let sealed = try Self.plugin(dir, ["seal", "secrets/db.yaml", "--cert", "keys/cert.pem", "--scope", "namespace-wide",
                                           "-n", "prod", "-o", "sealed"])
        #expect(sealed.status == 0, "\(sealed.err)")
        #expect(sealed.out.isEmpty)
        #expect(sealed.err == "kubectl secrets: wrote sealed/db.yaml\n")
        let text = try String(contentsOfFile: dir.path + "/sealed/db.yaml", encoding: .utf8)
        #expect(!text.contains("s3cr3t") && !text.contains(Self.expectedValues["password"]!))

        let opened = try Self.reference(["unseal", dir.path + "/keys/key.pem", dir.path + "/sealed/db.yaml"])
        #expect(opened.status == 0, "\(opened.err)")
        let objects = try #require(try JSONSerialization.jsonObject(with: opened.stdout) as? [[String: Any]])
        #expect(objects.first?["namespace"] as? String == "prod")
        #expect(objects.first?["scope"] as? String == "namespace-wide")
        #expect(objects.first?["data"] as? [String: String] == Self.expectedValues)

        let unsealed = try Self.plugin(dir, ["unseal", "sealed/db.yaml", "--key", "keys/key.pem"])
        #expect(unsealed.status == 0, "\(unsealed.err)")
        #expect(unsealed.out == """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db
              namespace: prod
              labels:
                app: api
              annotations:
                sealedsecrets.bitnami.com/namespace-wide: "true"
            type: Opaque
            data:
              password: \(Self.expectedValues["password"]!)
              tls.key: LS0tLS1CRUdJTg==

            """)
    }

    @Test func fetchesTheCertificateThroughKubectlWithTheUsersFlags() async throws {
        let dir = try Self.workspace()
        #expect(try Self.reference(["keygen", dir.path + "/keys"]).status == 0)
        let api = try await TestServer.start("sealed_secrets_api.py", [dir.path + "/keys/cert.pem", "infra/sealer"])
        defer { api.stop() }
        try dir.file("kubeconfig", contents: """
            apiVersion: v1
            kind: Config
            clusters: [{name: local, cluster: {server: "\(api.url)"}}]
            contexts: [{name: staging, context: {cluster: local, user: nobody, namespace: team-a}}]
            current-context: staging
            users: [{name: nobody, user: {}}]
            """)
        // No -n: the Secret names no namespace, so the context's (team-a) applies.
        let sealed = try Self.plugin(dir, ["seal", "secrets/db.yaml", "--controller-name", "sealer", "--controller-namespace", "infra",
                                           "--kubeconfig", "kubeconfig", "--context", "staging"])
        #expect(sealed.status == 0, "\(sealed.err)")
        let file = try dir.file("db.sealed.yaml", contents: sealed.out)
        let opened = try Self.reference(["unseal", dir.path + "/keys/key.pem", file.path])
        #expect(opened.status == 0, "\(opened.err)")
        let objects = try #require(try JSONSerialization.jsonObject(with: opened.stdout) as? [[String: Any]])
        #expect(objects.first?["namespace"] as? String == "team-a" && objects.first?["scope"] as? String == "strict")
        #expect(objects.first?["data"] as? [String: String] == Self.expectedValues)
        #expect(try Self.reference(["unseal", dir.path + "/keys/key.pem", file.path, "--as-name", "db2"]).status == 1)

        let missing = try Self.plugin(dir, ["seal", "secrets/db.yaml", "--kubeconfig", "kubeconfig"])
        #expect(missing.status == 1)
        #expect(missing.err.hasPrefix("kubectl secrets: error: cannot fetch the certificate of kube-system/sealed-secrets-controller: kubectl get --raw exited with status 1"))
        #expect(missing.err.hasSuffix("kubectl secrets: hint: check --controller-name and --controller-namespace, or pass --cert\n"))
        #expect(missing.out.isEmpty)
    }

    @Test func usageErrorsExitWith2() throws {
        let dir = try Self.workspace()
        for arguments in [["seal"], ["seal", "secrets/db.yaml", "--cert", "c.pem", "--controller-name", "x"],
                          ["seal", "secrets/db.yaml", "--scope", "everywhere"], ["unseal", "x.yaml"], ["push", "secrets/db.yaml"]] {
            let result = try Self.plugin(dir, arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.out.isEmpty)
        }
    }

    @Test func pushesToSecretsManagerAndPrintsTheManifests() async throws {
        let dir = try Self.workspace()
        let moto = try await TestServer.start("aws_secretsmanager.py")
        defer { moto.stop() }
        let users = try #require(moto.info["users"] as? [String: [String: String]])
        let aws: [String: String?] = ["AWS_ACCESS_KEY_ID": users["writer"]?["id"], "AWS_SECRET_ACCESS_KEY": users["writer"]?["secret"],
                                      "AWS_ENDPOINT_URL_SECRETSMANAGER": moto.url]

        let dryRun = try Self.plugin(dir, ["push", "secrets/db.yaml", "--secrets-manager", "--region", "us-west-2", "-n", "web", "--dry-run"], aws)
        #expect(dryRun.status == 0, "\(dryRun.err)")
        #expect(dryRun.out == "would write web/db in us-west-2 from secrets/db.yaml: keys tls.key, password\n")
        #expect(!(dryRun.out + dryRun.err).contains("s3cr3t"))
        #expect(try await moto.send("get us-west-2 web/db")["missing"] as? Bool == true)

        let pushed = try Self.plugin(dir, ["push", "secrets/db.yaml", "--secrets-manager", "--region", "us-west-2", "-n", "web",
                                           "--refresh-interval", "30m", "--cluster-store"], aws)
        #expect(pushed.status == 0, "\(pushed.err)")
        #expect(pushed.err == "kubectl secrets: created web/db in us-west-2 (2 keys)\n")
        let remote = try await moto.send("get us-west-2 web/db")
        let stored = try JSONSerialization.jsonObject(with: Data(try #require(remote["string"] as? String).utf8)) as? [String: String]
        let decrypted = try GitsopsBinary.run(["decrypt", "secrets/db.yaml"], in: dir.url, environment: Self.env(dir))
        #expect(decrypted.out.contains("password: s3cr3t-Pa55"))
        #expect(stored == ["password": "s3cr3t-Pa55", "tls.key": "-----BEGIN"])
        #expect(pushed.out.contains("""
            kind: ClusterSecretStore
            metadata:
              name: aws-secrets-manager
            spec:
              provider:
                aws:
                  service: SecretsManager
                  region: us-west-2
            """))
        #expect(pushed.out.contains("""
            kind: ExternalSecret
            metadata:
              name: db
              namespace: web
            spec:
              refreshInterval: 30m
              secretStoreRef:
                name: aws-secrets-manager
                kind: ClusterSecretStore
              target:
                name: db
                creationPolicy: Owner
                template:
                  type: Opaque
                  metadata:
                    labels:
                      app: api
              data:
                - secretKey: tls.key
                  remoteRef:
                    key: web/db
                    property: tls.key
                - secretKey: password
                  remoteRef:
                    key: web/db
                    property: password

            """))

        let denied = try Self.plugin(dir, ["push", "secrets/db.yaml", "--secrets-manager", "--region", "us-west-2", "-n", "web"],
                                     aws.merging(["AWS_ACCESS_KEY_ID": users["assumer"]?["id"], "AWS_SECRET_ACCESS_KEY": users["assumer"]?["secret"]]) { _, new in new })
        #expect(denied.status == 1)
        #expect(denied.err.hasPrefix("kubectl secrets: error: secrets/db.yaml: secretsmanager web/db: AWS Secrets Manager denied CreateSecret as environment variables: "))
        #expect(denied.err.hasSuffix("kubectl secrets: hint: allow secretsmanager:CreateSecret, PutSecretValue and TagResource on web/db for environment variables\n"))
        #expect(!denied.err.contains("s3cr3t") && denied.out.isEmpty)
    }
}
