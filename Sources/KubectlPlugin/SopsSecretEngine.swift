public import KeySources
public import Crypto
import GitFilter
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
        // The rule `git add` applies to the file (sops' own lookup outside a repository); with
        // `previous` its keys are reused, as in `sops edit`, and the rule is needed only for a new file.
        let (rules, rulePath) = RepositoryRules.forFile(at: path, environment: environment)
        let rule = Result { try rules.rule(for: rulePath) }.mapError { error -> any Error in
            guard var located = error as? GitFilterError else { return error }
            located.path = path
            return located
        }
        let request = CleanRequest(path: path, format: SopsFormat(path: path), rule: rule, previous: previous, policy: .writer,
                                   stores: rules.storeSettings)
        return try await engine.clean(plaintext, request).collected()
    }
}
