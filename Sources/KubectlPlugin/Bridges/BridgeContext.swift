public import Sops

/// What the bridge commands run with: the environment and directory they were started in, the
/// SOPS engine that decrypts the input files, and where output goes.
public struct BridgeContext: Sendable {
    public var environment: [String: String]
    /// Absolute; relative paths resolve against it.
    public var workingDirectory: String
    public var engine: SopsEngine
    /// Standard output: manifests (never plaintext, except `unseal`'s Secret).
    public var standardOutput: @Sendable ([UInt8]) -> Void
    /// Standard error: notices, never secret values.
    public var standardError: @Sendable (String) -> Void

    public init(environment: [String: String], workingDirectory: String, engine: SopsEngine,
                standardOutput: @escaping @Sendable ([UInt8]) -> Void, standardError: @escaping @Sendable (String) -> Void) {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.engine = engine
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// `path` made absolute against the working directory.
    func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let base = workingDirectory.hasSuffix("/") ? String(workingDirectory.dropLast()) : workingDirectory
        return base + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }
}
