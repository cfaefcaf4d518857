/// What to store for a file's new plaintext: the git filter's clean, and the files `kubectl secrets
/// create/edit/import` write.
public struct CleanRequest: Sendable {
    /// Who asks, which decides what an input that is already a sops document means and when the
    /// creation rule is needed.
    public enum Policy: Sendable {
        /// The git filter: a sops document (a locked working tree, a file written by sops) is stored
        /// as it is when complete; the rule must exist for every plaintext, since `.sops.yaml`
        /// decides what a repository stores.
        case filter
        /// A writer of new plaintext (`kubectl secrets`): a sops document is refused as `encrypt`
        /// refuses it; a previous document that opens supplies the keys, as in `sops edit`, so the
        /// rule is needed only without one.
        case writer
    }

    /// The file's path, named in errors (the filter's: relative to the top of the working tree).
    public var path: String
    /// The format of the plaintext and of the stored document.
    public var format: SopsFormat
    /// The creation rule for `path`, or why there is none (thrown when the rule is needed).
    public var rule: Result<CreationRule, any Error>
    /// The document stored before: the staged blob, else the committed one; nil for a new file.
    public var previous: [UInt8]?
    /// Whether `previous` is the staged blob itself (stage 0): a working file that is that very
    /// blob is stored as it is even when damaged (a checkout left it so; it adds nothing).
    public var previousIsStaged: Bool
    /// Who asks (see `Policy`).
    public var policy: Policy
    /// `.sops.yaml`'s `stores` settings (indentation of the output, rendering of the previous plaintext).
    public var stores: StoreSettings

    /// A request; see the properties.
    public init(path: String, format: SopsFormat, rule: Result<CreationRule, any Error>, previous: [UInt8]? = nil,
                previousIsStaged: Bool = false, policy: Policy, stores: StoreSettings = StoreSettings()) {
        self.path = path
        self.format = format
        self.rule = rule
        self.previous = previous
        self.previousIsStaged = previousIsStaged
        self.policy = policy
        self.stores = stores
    }
}

/// The clean decision and the document to store.
public struct CleanResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The plaintext is what the previous document decrypts to: the previous bytes, verbatim.
        case unchanged
        /// The input is a sops document already, stored as it is.
        case storedAsIs
        /// Encrypted with the previous data key and stanzas; unchanged values keep their ciphertext.
        case reencrypted
        /// Encrypted afresh for the rule (no previous document, or one that does not open here).
        case fresh
    }

    /// The document: whole, or written in pieces (a binary file, never held twice).
    public enum Output: Sendable {
        /// The whole document.
        case bytes([UInt8])
        /// A binary file's document, written piece by piece.
        case stream(BinaryOutput)
    }

    /// Which of the four decisions was taken.
    public var outcome: Outcome
    /// What to store.
    public var output: Output
    /// How much of the stored document is encrypted, counted on the way (nil for a damaged
    /// document stored as staged).
    public var coverage: SopsEngine.Coverage?

    /// The whole document in one array.
    public func collected() throws -> [UInt8] {
        switch output {
        case .bytes(let bytes): return bytes
        case .stream(let stream): return try stream.collected()
        }
    }
}

extension SopsEngine.Coverage {
    /// Values, none of them encrypted: a rule that selects nothing in this file (say
    /// `encrypted_regex: ^(data|stringData)$` on a YAML file that is not a Secret).
    public var encryptsNothing: Bool { encryptedValues == 0 && clearValues > 0 }
}

extension SopsEngine {
    /// Decides what to store for `plaintext` (spec §9.2): the previous document verbatim when it
    /// decrypts to this plaintext, else a re-encryption with its data key, stanzas and the IVs of
    /// unchanged values, else a fresh encryption for the rule. Parses each input once; the
    /// coverage comes from those parses and the encrypted tree, never from re-reading the output.
    ///
    /// Fails closed: a document that would leave every value in clear, a sops document that is
    /// damaged, lacks a MAC or has selected values in clear (unless it is the staged blob). Throws
    /// `SopsError`, or the rule's error when the rule is needed and there is none.
    public func clean(_ plaintext: [UInt8], _ request: CleanRequest) async throws -> CleanResult {
        let path = request.path, format = request.format
        do {
            if request.policy == .filter, let stored = try storedAsIs(plaintext, request) { return stored }
            var rule = request.policy == .filter ? try request.rule.get() : nil
            if format == .binary {
                let binaryRule = try rule ?? request.rule.get()
                let binary = EncryptionRequest(path: path, format: format, rule: binaryRule, previous: request.previous, stores: request.stores)
                if let (output, reused) = try await encryptBinaryUnlocated(plaintext, binary) {
                    let coverage = Coverage(encryptedValues: 1)
                    if let bytes = output.bytes { return CleanResult(outcome: .unchanged, output: .bytes(bytes), coverage: coverage) }
                    return CleanResult(outcome: reused ? .reencrypted : .fresh, output: .stream(output), coverage: coverage)
                }
                rule = binaryRule
            }
            let previous = await PreviousDocument.open(request.previous, format: format, stores: request.stores, engine: self)
            if let previous, previous.plaintext == plaintext {
                let coverage = try Self.coverage(previous.parsed)
                try Self.requireEncryptedValues(coverage, path: path)
                return CleanResult(outcome: .unchanged, output: .bytes(previous.bytes), coverage: coverage)
            }
            if previous == nil, rule == nil { rule = try request.rule.get() }
            let encryption = EncryptionRequest(path: path, format: format, rule: rule ?? CreationRule(keyGroups: []), stores: request.stores)
            let encrypted = try await encryptTree(plaintext, encryption, base: previous?.opened, rule: rule)
            try Self.requireEncryptedValues(encrypted.coverage, path: path)
            return CleanResult(outcome: previous == nil ? .fresh : .reencrypted, output: .bytes(encrypted.bytes),
                               coverage: encrypted.coverage)
        } catch let error as SopsError {
            throw error.at(path)
        }
    }

    /// The input itself when it is a sops document that may be stored as it is; nil for a
    /// plaintext. A damaged one, one without a MAC or with values in clear that its rule (or the
    /// path's creation rule) selects is refused, unless it is the staged blob.
    private func storedAsIs(_ content: [UInt8], _ request: CleanRequest) throws(SopsError) -> CleanResult? {
        let isStaged = request.previousIsStaged && request.previous == content
        let ruleSelection = (try? request.rule.get()).map { $0.selection ?? .default }
        let audited: (metadata: SopsMetadata, coverage: Result<Coverage, SopsError>)?
        do {
            audited = try Self.audit(content, format: request.format, alsoSelectedBy: ruleSelection)
        } catch {
            // A damaged document that is what the index holds (a checkout left it as stored) adds
            // nothing to the object database; a new one is refused.
            if isStaged { return CleanResult(outcome: .storedAsIs, output: .bytes(content), coverage: nil) }
            throw error
        }
        guard let audit = audited else { return nil }
        let coverage = try? audit.coverage.get()
        let inClear = coverage?.clearButSelected ?? []
        guard !inClear.isEmpty || audit.metadata.mac.isEmpty, !isStaged else {
            return CleanResult(outcome: .storedAsIs, output: .bytes(content), coverage: coverage)
        }
        let problem = inClear.isEmpty ? "is a sops document without a MAC (sops refuses to decrypt it)"
            : "is a sops document with values in clear that must be encrypted: \(inClear.prefix(5).joined(separator: ", "))"
        throw SopsError(.alreadyEncrypted, problem, path: request.path,
                        hint: "restore it (`git checkout -- \(request.path)`), or store the decrypted file so gitsops encrypts it")
    }

    /// Refuses a document whose rule left every value in clear: storing it would commit plaintext.
    private static func requireEncryptedValues(_ coverage: Coverage, path: String) throws(SopsError) {
        guard coverage.encryptsNothing else { return }
        throw SopsError(.config, "the .sops.yaml rule for this file encrypts none of its \(coverage.clearValues) values", path: path,
                        hint: "widen the rule's encrypted_regex (or add a rule for this path without one) in .sops.yaml")
    }
}
