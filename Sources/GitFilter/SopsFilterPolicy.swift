public import Repository
public import Sops
import KeySources

/// The gitsops filter: clean encrypts with the path's `.sops.yaml` rule, minimally against the
/// staged ciphertext; smudge decrypts to the exact original bytes, or leaves the ciphertext in
/// place when no key here can open it.
public struct SopsFilterPolicy: FilterPolicy {
    public let engine: SopsEngine
    /// Where previous ciphertexts come from (index, then `HEAD`); nil outside a repository.
    public let repository: Repository?
    public let rules: any CreationRuleSource
    /// `gitsops lock`: smudge leaves every file encrypted.
    public let locked: Bool

    /// The warning for a file no key here can open: the same text for every file, so a checkout
    /// prints it once.
    public static let noKeyWarning = "files under the gitsops filter are checked out encrypted: no key here can decrypt them (run `gitsops doctor`)"

    public init(engine: SopsEngine, repository: Repository?, rules: any CreationRuleSource, locked: Bool = false) {
        self.engine = engine
        self.repository = repository
        self.rules = rules
        self.locked = locked
    }

    public func clean(_ content: [UInt8], path: String) async throws -> [UInt8] {
        let format = SopsFormat(path: path)
        // Already a sops document (a locked working tree, a file written by sops): store as is.
        if SopsEngine.isSopsDocument(content, format: format) || ConflictCarrier.isCarrier(content) { return content }
        let rule = try rules.rule(for: path)
        let previous = try previousCiphertext(for: path, format: format)
        let result: Result<[UInt8], SopsError>
        do {
            let encrypted = try await engine.encrypt(content, EncryptionRequest(path: path, format: format, rule: rule, previous: previous,
                                                                               stores: rules.storeSettings))
            result = .success(encrypted)
        } catch {
            result = .failure(error)
        }
        if case .failure(let error) = result, error.code == .dataKey, previous != nil {
            // The staged version is encrypted for keys we do not hold: write-only contributors may
            // still replace it, encrypted afresh for the rule's keys.
            let fresh = try await engine.encrypt(content, EncryptionRequest(path: path, format: format, rule: rule, stores: rules.storeSettings))
            return try Self.requireEncryptedValues(fresh, format: format, path: path)
        }
        return try Self.requireEncryptedValues(try result.get(), format: format, path: path)
    }

    /// Fails closed when the rule left every value of a file in clear (say `encrypted_regex:
    /// ^(data|stringData)$` on a YAML file that is not a Secret): storing it would commit plaintext.
    static func requireEncryptedValues(_ encrypted: [UInt8], format: SopsFormat, path: String) throws -> [UInt8] {
        let coverage = try SopsEngine.coverage(encrypted, format: format)
        guard coverage.encryptedValues == 0, coverage.clearValues > 0 else { return encrypted }
        throw GitFilterError(.refused, "the .sops.yaml rule for this file encrypts none of its \(coverage.clearValues) values",
                             path: path,
                             hint: "widen the rule's encrypted_regex (or add a rule for this path without one) in .sops.yaml")
    }

    public func smudge(_ content: [UInt8], path: String) async throws -> Smudged {
        if locked { return Smudged(content) }
        if ConflictCarrier.isCarrier(content) {
            return try await decrypting(content) { () async throws(SopsError) in try await ConflictCarrier.open(content, engine: engine) }
        }
        let format = SopsFormat(path: path)
        guard SopsEngine.isSopsDocument(content, format: format) else { return Smudged(content) }
        return try await decrypting(content) { () async throws(SopsError) in
            let decryption = try await engine.decrypt(content, format: format, options: DecryptionOptions(stores: rules.storeSettings))
            return Smudged(decryption.plaintext, warning: decryption.warnings.first.map { "\(path): \($0)" })
        }
    }

    public func smudgeNeedsNetwork(_ content: [UInt8], path: String) -> Bool {
        guard !locked, let metadata = try? SopsEngine.inspect(content, format: SopsFormat(path: path)) else { return false }
        // Local identities (age, gpg) answer at once; only files wrapped solely for remote key
        // services are worth delaying.
        return metadata.keyGroups.joined().allSatisfy { $0.type != .age && $0.type != .pgp }
    }

    /// Runs a decryption; a file no key here can open comes back unchanged with the warning.
    private func decrypting(_ content: [UInt8], _ body: () async throws(SopsError) -> Smudged) async throws -> Smudged {
        do {
            return try await body()
        } catch where error.code == .dataKey {
            return Smudged(content, warning: Self.noKeyWarning)
        }
    }

    /// The staged ciphertext of `path` (stage 0, or "ours" during a merge), else the one in `HEAD`.
    private func previousCiphertext(for path: String, format: SopsFormat) throws -> [UInt8]? {
        guard let repository else { return nil }
        var candidate = try repository.indexBlob(for: path)
        if candidate == nil, repository.hasCommits { candidate = try repository.blob(at: "HEAD", path: path) }
        guard let candidate, SopsEngine.isSopsDocument(candidate, format: format) else { return nil }
        return candidate
    }
}
