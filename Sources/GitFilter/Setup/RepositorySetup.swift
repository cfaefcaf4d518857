import FilterProtocol
public import Repository
import KeySources
import Platform
import SystemPackage

/// What `gitsops init` does to a repository: attributes, config, hooks and a first `.sops.yaml`.
/// Every step checks before it writes, so running it again changes nothing.
public struct RepositorySetup {
    public let repository: Repository
    /// The shell word git runs for gitsops (`gitsops`, or the quoted absolute path).
    public let program: String

    public init(repository: Repository, program: String) {
        self.repository = repository
        self.program = program
    }

    /// Configures the repository; returns one line per change made (empty when all was in place).
    /// Without `patterns`, the ones `.gitattributes` already routes to gitsops are kept, and
    /// `secrets/**` is added only when there are none.
    public func apply(patterns: [String], ageRecipients: [String]) throws -> [String] {
        let root = try repository.requireWorkingDirectory(for: "gitsops init")
        for recipient in ageRecipients { try AgeKeyService.validateRecipient(recipient) }
        var changes: [String] = []
        let attributes = try ensureAttributes(patterns, root: root)
        changes += attributes.changes
        changes += try ensureConfig()
        changes += try ensureHooks(root: root)
        changes += try ensureSopsConfig(attributes.patterns, recipients: ageRecipients, root: root)
        return changes
    }

    /// Adds a line per missing pattern; returns the changes and the patterns the rules are for.
    /// A `.gitattributes` that is committed but not checked out (a `--no-checkout` clone) is not
    /// written: the file would block the checkout that brings the committed one.
    func ensureAttributes(_ requested: [String], root: String) throws -> (changes: [String], patterns: [String]) {
        let path = root + "/.gitattributes"
        let working = try? Self.read(path)
        let committed = working == nil ? try trackedBlob(".gitattributes") : nil
        var text = String(decoding: working ?? committed ?? [], as: UTF8.self)
        let routed = Self.gitsopsPatterns(in: text)
        let patterns = requested.isEmpty ? (routed.isEmpty ? [GitsopsConfig.defaultPattern] : routed) : requested
        let existing = Set(text.split(whereSeparator: \.isNewline).map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") })
        var changes: [String] = []
        for pattern in patterns {
            let line = "\(pattern) \(GitsopsConfig.attributes)"
            if existing.contains(line) || (requested.isEmpty && routed.contains(pattern)) { continue }
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            text += line + "\n"
            changes.append("added `\(line)` to .gitattributes")
        }
        if !changes.isEmpty && committed != nil {
            return (["left .gitattributes alone: it is committed but not checked out yet; run `git checkout`, then `gitsops init` again"], patterns)
        }
        if !changes.isEmpty { try AtomicFile.replace(path, with: Array(text.utf8)) }
        return (changes, patterns)
    }

    /// The patterns of `.gitattributes` lines that set `filter=gitsops`, in order.
    static func gitsopsPatterns(in text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard let pattern = fields.first, !pattern.hasPrefix("#"), fields.dropFirst().contains("filter=\(GitsopsConfig.driver)") else {
                return nil
            }
            return String(pattern)
        }
    }

    /// The staged (else committed) bytes of a file at the top of the repository.
    private func trackedBlob(_ path: String) throws -> [UInt8]? {
        if let staged = try repository.indexEntry(for: path) { return try repository.blob(staged.id) }
        return repository.hasCommits ? try repository.blob(at: "HEAD", path: path) : nil
    }

    func ensureConfig() throws -> [String] {
        var changes: [String] = []
        for (key, value) in GitsopsConfig.entries(program: program) where try repository.configValue(key) != value {
            try repository.setConfig(key, to: value)
            changes.append("set git config \(key) = \(value)")
        }
        for key in GitsopsConfig.forbiddenKeys where try Self.isTrue(repository.configValue(key)) {
            try repository.setConfig(key, to: "false")
            changes.append("set git config \(key) = false (git would keep decrypted diffs in refs/notes/textconv)")
        }
        return changes
    }

    func ensureHooks(root: String) throws -> [String] {
        let directory = try Self.hooksDirectory(repository, root: root)
        try Files.createDirectories(directory, permissions: [.ownerReadWriteExecute, .groupReadExecute, .otherReadExecute])
        var changes: [String] = []
        for (name, script) in Hooks.installed {
            let path = directory + "/" + name
            let current = try? Self.read(path)
            if current == Array(script.utf8) { continue }
            if let current, !String(decoding: current, as: UTF8.self).contains(Hooks.marker) {
                changes.append("kept your own \(name) hook at \(path): add `\(name == "pre-commit" ? "gitsops check --staged" : "gitsops check --rev REV")` to it")
                continue
            }
            try AtomicFile.replace(path, with: Array(script.utf8), permissions: [.ownerReadWriteExecute, .groupReadExecute, .otherReadExecute])
            changes.append("\(current == nil ? "installed" : "updated") the \(name) hook")
        }
        return changes
    }

    func ensureSopsConfig(_ patterns: [String], recipients: [String], root: String) throws -> [String] {
        let path = root + "/.sops.yaml"
        if (try? Self.read(path)) != nil { return [] }
        if try trackedBlob(".sops.yaml") != nil { return [] }
        guard !recipients.isEmpty else {
            return ["no .sops.yaml yet: add a creation rule for \(patterns.joined(separator: ", ")) (or rerun with --age RECIPIENT)"]
        }
        let keys = recipients.joined(separator: ",")
        var text = "creation_rules:\n"
        for pattern in patterns {
            for rule in GlobPattern.creationRules(pattern) {
                if let comment = rule.comment { text += "  # \(comment)\n" }
                text += "  - path_regex: '\(rule.pathRegex.replacing("'", with: "''"))'\n"
                if let selection = rule.encryptedRegex { text += "    encrypted_regex: '\(selection)'\n" }
                // SSH recipients hold spaces (and a free-form comment): quote them.
                text += "    age: \(keys.contains(" ") ? "'\(keys.replacing("'", with: "''"))'" : keys)\n"
            }
        }
        try AtomicFile.replace(path, with: Array(text.utf8))
        return ["wrote .sops.yaml: files matching \(patterns.joined(separator: ", ")) are encrypted for \(recipients.count) age recipient\(recipients.count == 1 ? "" : "s") (YAML manifests: data and stringData only, as Flux needs)"]
    }

    /// `core.hooksPath` (relative to the working tree root) or the common git directory's `hooks`.
    public static func hooksDirectory(_ repository: Repository, root: String) throws -> String {
        if let configured = try repository.configValue("core.hooksPath"), !configured.isEmpty {
            return configured.hasPrefix("/") ? configured : root + "/" + configured
        }
        return repository.commonDirectory + "/hooks"
    }

    static func isTrue(_ value: String?) -> Bool {
        guard let value = value?.lowercased() else { return false }
        return ["true", "yes", "on", "1", ""].contains(value)
    }

    static func read(_ path: String) throws -> [UInt8] { try Files.read(path) }
}
