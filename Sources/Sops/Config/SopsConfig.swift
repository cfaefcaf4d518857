import FoundationEssentials

/// A `.sops.yaml` file (spec/sops-format.md §8): creation rules and output settings.
public struct SopsConfig: Sendable, Equatable {
    /// The file's absolute path (rules match paths relative to its directory).
    public var path: String
    public var creationRules: [CreationRule]
    public var stores: StoreSettings

    public init(path: String, creationRules: [CreationRule], stores: StoreSettings = StoreSettings()) {
        self.path = path
        self.creationRules = creationRules
        self.stores = stores
    }

    /// The directory holding the config file.
    public var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `SOPS_CONFIG` if set, else the first `.sops.yaml` in `directory` or one of its parents
    /// (only that exact name counts). Nil when there is none.
    public static func discover(from directory: String, environment: [String: String]) throws(SopsError) -> SopsConfig? {
        if let explicit = environment["SOPS_CONFIG"], !explicit.isEmpty {
            return try load(path: absolute(explicit, relativeTo: directory))
        }
        var dir = absolute(directory, relativeTo: "/")
        for _ in 0..<100 {
            let candidate = (dir == "/" ? "" : dir) + "/.sops.yaml"
            if FileManager.default.fileExists(atPath: candidate) { return try load(path: candidate) }
            guard dir != "/", let slash = dir.lastIndex(of: "/") else { break }
            dir = slash == dir.startIndex ? "/" : String(dir[..<slash])
        }
        return nil
    }

    /// Reads and parses a config file.
    public static func load(path: String) throws(SopsError) -> SopsConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SopsError(.config, "cannot read the config file", path: path)
        }
        do {
            return try SopsConfig(parsing: Array(data), path: path)
        } catch {
            throw error.at(path)
        }
    }

    /// The first rule whose `path_regex` matches `filePath` (absolute, or relative to the config
    /// directory); matched against the path relative to the config directory when inside it.
    public func rule(for filePath: String) throws(SopsError) -> CreationRule {
        let target = Self.relative(Self.absolute(filePath, relativeTo: directory), to: directory)
        for rule in creationRules {
            guard let regex = rule.pathRegex, !regex.isEmpty else { return rule }
            if try RE2Pattern.cached(regex, setting: "path_regex").matches(target) { return rule }
        }
        throw SopsError(.config, "error loading config: no matching creation rules found for '\(target)' in \(path)",
                        path: filePath,
                        hint: "add a creation_rules entry whose path_regex matches this path, or a catch-all rule without path_regex")
    }

    static func absolute(_ path: String, relativeTo base: String) -> String {
        let joined = path.hasPrefix("/") ? path : (base.hasSuffix("/") ? base : base + "/") + path
        if isNormalized(joined) { return joined }
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether `path` is absolute with no empty, `.` or `..` component and no trailing slash, so
    /// `absolute` would return it unchanged (the common case, checked without splitting it).
    private static func isNormalized(_ path: String) -> Bool {
        guard path.utf8.first == UInt8(ascii: "/") else { return false }
        var previous: UInt8 = 0
        for byte in path.utf8 {
            // A non-ASCII byte after a slash may be a combining mark that `split` (by Character) would not split at.
            if previous == UInt8(ascii: "/"), byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".") || byte >= 0x80 { return false }
            previous = byte
        }
        return previous != UInt8(ascii: "/")
    }

    static func relative(_ path: String, to directory: String) -> String {
        let prefix = directory == "/" ? "/" : directory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
