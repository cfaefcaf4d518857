import KeySources
import KubectlPlugin
import Sops

/// The plugin's SOPS engine: the `Sops` layer with the local key services (age, PGP).
struct SopsSecretEngine: SecretEngine {
    let engine: SopsEngine

    init(environment: [String: String]) {
        engine = SopsEngine(keyServices: .local(environment: environment), environment: environment)
    }

    func isEncrypted(_ bytes: [UInt8], path: String) -> Bool {
        SopsEngine.isSopsDocument(bytes, format: SopsFormat(path: path))
    }

    func decrypt(_ bytes: [UInt8], path: String) async throws -> [UInt8] {
        try await engine.decrypt(bytes, format: SopsFormat(path: path)).plaintext
    }

    func encrypt(_ plaintext: [UInt8], path: String, previous: [UInt8]?) async throws -> [UInt8] {
        guard let previous else {
            // A new file needs its creation rule from .sops.yaml; the Sops layer does not read it yet.
            throw KubectlPluginError(.usage, "cannot encrypt a new file: .sops.yaml creation rules are not read by this build",
                                     path: path, hint: "encrypt the file once with sops, then use `kubectl secrets edit`")
        }
        // The rule is ignored when `previous` is a sops document: its keys and data key are reused.
        return try await engine.encrypt(plaintext, EncryptionRequest(path: path, rule: CreationRule(keyGroups: []), previous: previous))
    }
}

/// The plugin's manifest reader: JSON natively; YAML through LosslessYAML once that layer lands.
struct ManifestReader: ManifestSyntax {
    func documents(_ bytes: [UInt8], path: String) throws -> [ManifestValue] {
        let trimmed = bytes.drop { [0x20, 0x0a, 0x0d, 0x09].contains($0) }
        if trimmed.first == UInt8(ascii: "{") || trimmed.first == UInt8(ascii: "[") || path.lowercased().hasSuffix(".json") {
            return [try ManifestValue.parseJSON(bytes)]
        }
        throw KubectlPluginError(.invalidManifest, "YAML manifests cannot be parsed by this build yet (JSON can)", path: path,
                                 hint: "view, apply and diff against the cluster work on YAML; edit, view --decode and diff --git need the YAML parser")
    }
}
