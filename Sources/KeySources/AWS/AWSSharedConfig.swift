import Crypto

/// The shared config and credentials files (`~/.aws/config`, `~/.aws/credentials`, or
/// `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`), merged per profile as the SDKs do: the
/// credentials file wins for a key set in both.
struct AWSSharedConfig: Sendable {
    /// Profile name → lower-cased key → value.
    let profiles: [String: [String: String]]
    /// `[sso-session NAME]` sections of the config file: name → lower-cased key → value.
    let ssoSessions: [String: [String: String]]

    init(profiles: [String: [String: String]], ssoSessions: [String: [String: String]] = [:]) {
        self.profiles = profiles
        self.ssoSessions = ssoSessions
    }

    /// The kinds of section gitsops reads.
    enum Section {
        /// `[profile NAME]` and `[default]` in the config file; every section in the credentials file.
        case profile
        /// `[sso-session NAME]` in the config file.
        case ssoSession
    }

    static func load(_ environment: CloudEnvironment) throws(CloudFileError) -> AWSSharedConfig {
        let configPath = environment["AWS_CONFIG_FILE"] ?? "~/.aws/config"
        let credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials"
        let configText = try environment.readFile(configPath).map { String(decoding: $0, as: UTF8.self) }
        var profiles = configText.map { parse($0, configFile: true) } ?? [:]
        if var bytes = try environment.readFile(credentialsPath) {
            for (name, values) in parse(String(decoding: bytes, as: UTF8.self), configFile: false) {
                profiles[name, default: [:]].merge(values) { _, credentials in credentials }
            }
            Memory.zero(&bytes)
        }
        return AWSSharedConfig(profiles: profiles, ssoSessions: configText.map { parse($0, configFile: true, .ssoSession) } ?? [:])
    }

    /// INI as the AWS CLI writes it: the sections of one kind, other kinds (`services`, …) skipped.
    /// Indented lines (nested service settings) and `#`/`;` comment lines are ignored.
    static func parse(_ text: String, configFile: Bool, _ kind: Section = .profile) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = rawLine.trimmedWhitespace
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                current = line.hasSuffix("]") ? sectionName(line.dropFirst().dropLast().trimmedWhitespace, configFile: configFile, kind) : nil
                if let current, sections[current] == nil { sections[current] = [:] }
                continue
            }
            guard let section = current, rawLine.first?.isWhitespace != true,
                  let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmedWhitespace.lowercased()
            let value = line[line.index(after: equals)...].trimmedWhitespace
            sections[section]?[key] = value
        }
        return sections
    }

    /// The name a section header gives a section of `kind`, nil for a header of another kind.
    private static func sectionName(_ header: String, configFile: Bool, _ kind: Section) -> String? {
        func named(_ prefix: String) -> String? {
            guard header.hasPrefix(prefix), header.dropFirst(prefix.count).first?.isWhitespace == true else { return nil }
            return header.dropFirst(prefix.count).trimmedWhitespace
        }
        switch kind {
        case .profile: return !configFile || header == "default" ? header : named("profile")
        case .ssoSession: return configFile ? named("sso-session") : nil
        }
    }
}
