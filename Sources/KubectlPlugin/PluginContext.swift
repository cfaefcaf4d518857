/// What every `kubectl secrets` command runs with: the environment and directory it was started
/// in, the SOPS engine, and where its output goes.
public struct PluginContext: Sendable {
    public var environment: [String: String]
    /// The current directory, absolute; relative paths on the command line resolve against it.
    public var workingDirectory: String
    public var engine: any SecretEngine
    /// Standard output (manifests for `view`, the report for `diff`).
    public var standardOutput: @Sendable ([UInt8]) -> Void
    /// Standard error (notices; never secret values).
    public var standardError: @Sendable (String) -> Void

    public init(environment: [String: String], workingDirectory: String, engine: any SecretEngine,
                standardOutput: @escaping @Sendable ([UInt8]) -> Void,
                standardError: @escaping @Sendable (String) -> Void) {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.engine = engine
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// `path` made absolute against the working directory.
    package func absolute(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        if path.hasPrefix("/") { return path }
        let base = workingDirectory.hasSuffix("/") ? String(workingDirectory.dropLast()) : workingDirectory
        return path == "." ? base : base + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    /// Every manifest document of `file`'s plaintext.
    package func documents(of file: SecretFile) throws -> [ManifestValue] {
        try ManifestReader.documents(file.plaintext, path: file.displayPath)
    }
}
