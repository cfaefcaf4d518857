/// What a shared-config profile says about its IAM Identity Center (SSO) sign-in, checked as the
/// AWS SDK for Go v2 checks it: `sso_session` naming an `[sso-session NAME]` section that holds
/// `sso_start_url` and `sso_region`, or (legacy) all of those keys in the profile itself.
struct AWSSSOProfile: Sendable, Equatable {
    let profile: String
    let startURL: String
    let region: String
    let accountID: String
    let roleName: String
    /// The `[sso-session]` name; nil for a legacy profile.
    let session: String?

    /// The profile's SSO settings, nil when it has none; incomplete or contradictory ones throw.
    init?(name: String, in config: AWSSharedConfig, key: String) throws(KeySourceError) {
        let profile = (config.profiles[name] ?? [:]).filter { !$0.value.isEmpty }  // the SDK treats empty keys as unset
        let session = profile["sso_session"]
        let legacyKeys = ["sso_start_url", "sso_region", "sso_account_id", "sso_role_name"]
        guard session != nil || legacyKeys.contains(where: { profile[$0] != nil }) else { return nil }
        // gitsops needs a role's credentials, not just a token: account and role are required in both kinds.
        var missing = ["sso_account_id", "sso_role_name"].filter { profile[$0] == nil }
        var settings = profile
        if let session {
            if let section = config.ssoSessions[session] {
                settings = section.filter { !$0.value.isEmpty }
                missing += ["sso_start_url", "sso_region"].filter { settings[$0] == nil }.map { "\($0) in [sso-session \(session)]" }
            } else {
                missing.append("the section [sso-session \(session)]")
            }
        } else {
            missing += ["sso_start_url", "sso_region"].filter { profile[$0] == nil }
        }
        guard missing.isEmpty, let startURL = settings["sso_start_url"], let region = settings["sso_region"],
              let accountID = profile["sso_account_id"], let roleName = profile["sso_role_name"] else {
            throw KeySourceError(.credentials, key: key, "AWS profile \(name) uses SSO but lacks \(missing.joined(separator: ", "))",
                                 hint: "complete it in ~/.aws/config, e.g. with `aws configure sso --profile \(name)`")
        }
        if let session {
            for setting in ["sso_start_url", "sso_region"] where profile[setting] != nil && profile[setting] != settings[setting] {
                throw KeySourceError(.credentials, key: key, "AWS profile \(name): \(setting) differs from the one in [sso-session \(session)]",
                                     hint: "remove \(setting) from the profile; the sso-session section's is the one used")
            }
        }
        self.profile = name
        self.startURL = startURL
        self.region = region
        self.accountID = accountID
        self.roleName = roleName
        self.session = session
    }

    /// What the AWS CLI names the token cache file after: the session name, else the start URL.
    var tokenCacheKey: String { session ?? startURL }

    /// The command that signs in again.
    var loginCommand: String {
        let (option, value) = session.map { ("--sso-session", $0) } ?? ("--profile", profile)
        let quoted = value.allSatisfy { $0.isLetter || $0.isNumber || "-_.@".contains($0) } ? value : "'\(value)'"
        return "aws sso login \(option) \(quoted)"
    }

    /// How messages name these credentials.
    var source: String { "profile \(profile) (SSO role \(roleName) in account \(accountID))" }
}
