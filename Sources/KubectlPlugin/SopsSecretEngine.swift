public import KeySources
public import Crypto
import Sops

/// The plugin's SOPS engine: the `Sops` layer with the given key services (the CLI passes the
/// standard ones: age, PGP, and the cloud services, loaded when a key needs them); new files follow `.sops.yaml`.
public struct SopsSecretEngine: SecretEngine {
    let engine: SopsEngine
    let environment: [String: String]

    public init(keyServices: KeyServices, environment: [String: String]) {
        self.environment = environment
        engine = SopsEngine(keyServices: keyServices, environment: environment)
    }

    public func isEncrypted(_ bytes: [UInt8], path: String) -> Bool {
        SopsEngine.isSopsDocument(bytes, format: SopsFormat(path: path))
    }

    public func decrypt(_ bytes: [UInt8], path: String) async throws -> [UInt8] {
        try await engine.decrypt(bytes, format: SopsFormat(path: path)).plaintext
    }

    public func fingerprintKey(_ bytes: [UInt8], path: String) async throws -> SecretBytes {
        try await engine.valueFingerprintKey(bytes, format: SopsFormat(path: path))
    }

    public func encrypt(_ plaintext: [UInt8], path: String, previous: [UInt8]?) async throws -> [UInt8] {
        guard let previous else {
            // A new file: the first creation rule of the nearest .sops.yaml that matches its path.
            let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
            guard let config = try SopsConfig.discover(from: directory.isEmpty ? "/" : directory, environment: environment) else {
                throw KubectlPluginError(.usage, "no .sops.yaml with creation rules found for a new file", path: path,
                                         hint: "add a creation rule (keys and encrypted_regex) to .sops.yaml at the repository root")
            }
            return try await engine.encrypt(plaintext, EncryptionRequest(path: path, rule: try config.rule(for: path),
                                                                         stores: config.stores))
        }
        // The rule is ignored when `previous` is a sops document: its keys and data key are reused.
        return try await engine.encrypt(plaintext, EncryptionRequest(path: path, rule: CreationRule(keyGroups: []), previous: previous))
    }
}
