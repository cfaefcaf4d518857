import Crypto

/// The shared config and credentials files (`~/.aws/config`, `~/.aws/credentials`, or
/// `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`), merged per profile as the SDKs do: the
/// credentials file wins for a key set in both.
struct AWSSharedConfig: Sendable {
    /// Profile name → lower-cased key → value.
    let profiles: [String: [String: String]]

    init(profiles: [String: [String: String]]) { self.profiles = profiles }

    static func load(_ environment: CloudEnvironment) throws(CloudFileError) -> AWSSharedConfig {
        let configPath = environment["AWS_CONFIG_FILE"] ?? "~/.aws/config"
        let credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials"
        var profiles = try environment.readFile(configPath).map { parse(String(decoding: $0, as: UTF8.self), configFile: true) } ?? [:]
        if var bytes = try environment.readFile(credentialsPath) {
            for (name, values) in parse(String(decoding: bytes, as: UTF8.self), configFile: false) {
                profiles[name, default: [:]].merge(values) { _, credentials in credentials }
            }
            Memory.zero(&bytes)
        }
        return AWSSharedConfig(profiles: profiles)
    }

    /// INI as the AWS CLI writes it. In the config file profiles are `[profile name]` (and
    /// `[default]`); other section kinds (`sso-session`, `services`) are skipped. Indented lines
    /// (nested service settings) and `#`/`;` comment lines are ignored.
    static func parse(_ text: String, configFile: Bool) -> [String: [String: String]] {
        var profiles: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.trimmedWhitespace
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { current = nil; continue }
                let name = line.dropFirst().dropLast().trimmedWhitespace
                if !configFile {
                    current = name
                } else if name == "default" {
                    current = "default"
                } else if name.hasPrefix("profile ") || name.hasPrefix("profile\t") {
                    current = name.dropFirst("profile".count).trimmedWhitespace
                } else {
                    current = nil
                }
                if let current, profiles[current] == nil { profiles[current] = [:] }
                continue
            }
            guard let profile = current, rawLine.first?.isWhitespace != true,
                  let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmedWhitespace.lowercased()
            let value = line[line.index(after: equals)...].trimmedWhitespace
            profiles[profile]?[key] = value
        }
        return profiles
    }
}
