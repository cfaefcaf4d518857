import HTTP
import JSON

/// Finds AWS credentials the way the AWS SDK for Go v2 (which sops uses) does, and assumes roles
/// with them. Everything fetched is cached until shortly before it expires.
///
/// Order: a profile named by the stanza (`aws_profile`) is used alone; otherwise environment keys
/// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), then web identity
/// (`AWS_ROLE_ARN` + `AWS_WEB_IDENTITY_TOKEN_FILE`), then the profile `AWS_PROFILE` (or `default`)
/// from the shared files — static keys, `source_profile` or `credential_source` plus `role_arn`,
/// `web_identity_token_file`, SSO (`sso_session` or the legacy `sso_*` keys), `credential_process` —
/// then the container endpoint, then EC2 instance metadata.
final class AWSCredentialChain: Sendable {
    private let environment: CloudEnvironment
    private let sts: AWSSTS
    private let metadata: AWSMetadataCredentials
    private let sso: AWSSSOCredentials
    private let baseCache: CloudCredentialCache<AWSCredentials?>
    private let roleCache: CloudCredentialCache<AWSCredentials>

    init(environment: CloudEnvironment, transport: CloudTransport, clock: @escaping @Sendable () -> UTCTime) {
        self.environment = environment
        sts = AWSSTS(transport: transport, environment: environment)
        metadata = AWSMetadataCredentials(transport: transport, environment: environment)
        sso = AWSSSOCredentials(transport: transport, environment: environment, clock: clock)
        baseCache = CloudCredentialCache(clock: clock)
        roleCache = CloudCredentialCache(clock: clock)
    }

    /// The base credentials for a stanza's profile (empty: the default chain); nil when there are
    /// none at all. `region`/`partition` are the key's: sops makes STS calls in the key's region.
    func credentials(profile: String, region: String, partition: String, key: String) async throws(KeySourceError) -> AWSCredentials? {
        try await baseCache.value(for: "\(profile)|\(region)") { [self] () throws(KeySourceError) in
            let credentials = try await resolve(profile: profile, region: region, partition: partition, key: key)
            return .init(value: credentials, expiration: credentials?.expiration)
        }
    }

    /// `role` assumed with `base` (sops' session name), cached per role and base identity.
    func assumedRole(_ role: String, base: AWSCredentials, region: String, partition: String,
                     key: String) async throws(KeySourceError) -> AWSCredentials {
        try await roleCache.value(for: "\(role)|\(base.signing.accessKeyID)|\(region)") { [self] () throws(KeySourceError) in
            let credentials = try await sts.assumeRole(role, sessionName: AWSSTS.sopsSessionName(hostname: environment.hostname),
                                                       using: base, region: region, partition: partition, key: key)
            return .init(value: credentials, expiration: credentials.expiration)
        }
    }

    private func resolve(profile stanzaProfile: String, region: String, partition: String,
                         key: String) async throws(KeySourceError) -> AWSCredentials? {
        if !stanzaProfile.isEmpty {
            return try await fromProfile(stanzaProfile, explicit: true, region: region, partition: partition, key: key, visited: [])
        }
        if let credentials = fromEnvironmentKeys() { return credentials }
        if let tokenFile = environment["AWS_WEB_IDENTITY_TOKEN_FILE"] {
            guard let role = environment["AWS_ROLE_ARN"] else {
                throw KeySourceError(.credentials, key: key, "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
            }
            return try await sts.assumeRoleWithWebIdentity(role, sessionName: webIdentitySessionName(environment["AWS_ROLE_SESSION_NAME"]),
                                                           tokenFile: tokenFile, region: region, partition: partition, key: key)
        }
        let named = environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"]
        return try await fromProfile(named ?? "default", explicit: named != nil, region: region, partition: partition,
                                     key: key, visited: [])
    }

    private func fromEnvironmentKeys() -> AWSCredentials? {
        guard let id = environment["AWS_ACCESS_KEY_ID"] ?? environment["AWS_ACCESS_KEY"],
              let secret = environment["AWS_SECRET_ACCESS_KEY"] ?? environment["AWS_SECRET_KEY"] else { return nil }
        return AWSCredentials(accessKeyID: id, secretAccessKey: .init(Array(secret.utf8)),
                              sessionToken: environment["AWS_SESSION_TOKEN"], expiration: nil, source: "environment variables")
    }

    private func fromProfile(_ name: String, explicit: Bool, region: String, partition: String, key: String,
                             visited: Set<String>) async throws(KeySourceError) -> AWSCredentials? {
        let config: AWSSharedConfig
        do { config = try AWSSharedConfig.load(environment) } catch {
            throw KeySourceError(.credentials, key: key, error.description)
        }
        guard let profile = config.profiles[name] else {
            if explicit {
                throw KeySourceError(.credentials, key: key, "AWS profile \(name) is not in the shared config or credentials file",
                                     hint: "check `aws configure list-profiles`, AWS_PROFILE and the stanza's aws_profile")
            }
            return try await fromContainerOrInstance(key: key)
        }
        let staticKeys: AWSCredentials? = {
            guard let id = profile["aws_access_key_id"], let secret = profile["aws_secret_access_key"] else { return nil }
            return AWSCredentials(accessKeyID: id, secretAccessKey: .init(Array(secret.utf8)),
                                  sessionToken: profile["aws_session_token"], expiration: nil, source: "profile \(name)")
        }()
        let role = profile["role_arn"]
        let base: AWSCredentials?
        if let source = profile["source_profile"], role != nil {
            if source == name {
                base = staticKeys  // a profile may name itself as the source of its own keys
            } else {
                guard !visited.contains(source) else {
                    throw KeySourceError(.credentials, key: key, "AWS profile \(name): source_profile chain loops back to \(source)")
                }
                base = try await fromProfile(source, explicit: true, region: region, partition: partition, key: key,
                                             visited: visited.union([name]))
            }
        } else if let staticKeys {
            base = staticKeys
        } else if let source = profile["credential_source"], role != nil {
            switch source {
            case "Environment": base = fromEnvironmentKeys()
            case "Ec2InstanceMetadata": base = try await metadata.instance(key: key)
            case "EcsContainer": base = try await metadata.container(key: key)
            default:
                throw KeySourceError(.credentials, key: key, "AWS profile \(name): unknown credential_source \(source)")
            }
        } else if let tokenFile = profile["web_identity_token_file"] {
            guard let role else {
                throw KeySourceError(.credentials, key: key, "AWS profile \(name): web_identity_token_file needs role_arn")
            }
            return try await sts.assumeRoleWithWebIdentity(role, sessionName: webIdentitySessionName(profile["role_session_name"]),
                                                           tokenFile: tokenFile, region: region, partition: partition, key: key)
        } else if let ssoProfile = try AWSSSOProfile(name: name, in: config, key: key) {
            base = try await sso.credentials(ssoProfile, key: key)
        } else if let process = profile["credential_process"] {
            base = try await fromProcess(process, profile: name, key: key)
        } else {
            base = try await fromContainerOrInstance(key: key)
        }
        guard let role else { return base }
        guard let base else {
            throw KeySourceError(.credentials, key: key, "AWS profile \(name): no credentials to assume \(role) with")
        }
        return try await sts.assumeRole(role, sessionName: profile["role_session_name"] ?? "gitsops-\(UTCTime.now().secondsSinceEpoch)",
                                        externalID: profile["external_id"], using: base, region: region, partition: partition, key: key)
    }

    /// A profile's `credential_process`: run with `sh -c` (as the SDKs do), it prints
    /// `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`.
    private func fromProcess(_ commandLine: String, profile: String, key: String) async throws(KeySourceError) -> AWSCredentials {
        let command = SecretCommand(origin: "AWS profile \(profile): credential_process", invocation: .shell(commandLine),
                                    environment: environment.variables, key: key)
        let output = try await command.run()
        let json = output.withUnsafeBytes { JSONDocument(parsing: $0)?.root }
        guard let json, json["Version"]?.integer == 1,
              let credentials = AWSCredentials(json: json, source: "profile \(profile) (credential_process)") else {
            throw command.failure("\(command.label) printed no credentials (JSON with Version 1, AccessKeyId and SecretAccessKey)")
        }
        return credentials
    }

    private func fromContainerOrInstance(key: String) async throws(KeySourceError) -> AWSCredentials? {
        if metadata.hasContainerEndpoint { return try await metadata.container(key: key) }
        return try await metadata.instance(key: key)
    }

    private func webIdentitySessionName(_ configured: String?) -> String {
        configured ?? "gitsops-\(UTCTime.now().secondsSinceEpoch)"
    }
}
