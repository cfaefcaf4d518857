public import FilterProtocol
public import Repository
public import Sops
import KeySources
import Platform

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
    /// Remembers which staged blob an unchanged plaintext cleans to (the filter process's).
    public let cleanCache: CleanCache?

    public init(engine: SopsEngine, repository: Repository?, rules: any CreationRuleSource, locked: Bool = false,
                cleanCache: CleanCache? = nil) {
        self.engine = engine
        self.repository = repository
        self.rules = rules
        self.locked = locked
        self.cleanCache = locked ? nil : cleanCache
    }

    public func clean(_ content: [UInt8], path: String) async throws -> [UInt8] {
        try await cleanContent(content, path: path).collected()
    }

    /// Fails only for a working file that cannot be stored safely (no rule, conflict markers,
    /// values in clear, a damaged sops document); never because of what is staged or committed.
    public func cleanContent(_ content: [UInt8], path: String) async throws -> FilterContent {
        // git hashes an empty working file as the empty blob without cleaning it: anything else
        // stored for it would make the file look changed forever. It holds no secret.
        if content.isEmpty || ConflictCarrier.isCarrier(content) { return .bytes(content) }
        try ConflictMarkers.refuse(content, path: path)
        if let cached = try cachedCiphertext(content, path: path) { return .bytes(cached) }
        let previous = try previousCiphertext(for: path)
        let request = CleanRequest(path: path, format: SopsFormat(path: path), rule: Result { try rules.rule(for: path) },
                                   previous: previous?.bytes, previousIsStaged: previous?.stagedID != nil, policy: .filter,
                                   stores: rules.storeSettings)
        let cleaned = try await engine.clean(content, request)
        if cleaned.outcome == .unchanged, let staged = previous?.stagedID {
            // The staged blob decrypts to this plaintext (and passed the coverage check): remembered
            // for the next `git status`.
            cleanCache?.record(path: path, plaintext: content, blob: staged)
        }
        switch cleaned.output {
        case .bytes(let bytes): return .bytes(bytes)
        case .stream(let stream): return .stream(stream)
        }
    }

    public func smudge(_ content: [UInt8], path: String) async throws -> Smudged {
        var smudged = try await smudgeContent(content, path: path)
        if let stream = smudged.stream {
            smudged.content = try FilterContent.stream(stream).collected()
            smudged.stream = nil
        }
        return smudged
    }

    /// Never fails: a file that does not decrypt here goes to the working tree as stored, with the
    /// reason (a required filter that failed one file would fail the whole checkout).
    public func smudgeContent(_ content: [UInt8], path: String) async throws -> Smudged {
        if locked || content.isEmpty { return Smudged(content) }
        do {
            if ConflictCarrier.isCarrier(content) { return try await ConflictCarrier.open(content, engine: engine) }
            let format = SopsFormat(path: path)
            let options = DecryptionOptions(stores: rules.storeSettings)
            // Verified here, decrypted again while git reads it: the plaintext is never whole in memory.
            if format == .binary, let streamed = try await engine.decryptBinary(content, options: options) {
                if let cleanCache, let repository, let digest = streamed.plaintextSHA256, let blob = try? repository.blobID(for: content) {
                    cleanCache.record(path: path, plaintextSHA256: digest, blob: blob)
                }
                return Smudged(streaming: streamed)
            }
            guard let decryption = try await engine.decryptIfSopsDocument(content, format: format, options: options) else {
                return Smudged(content)
            }
            // Remembered only for a blob a clean would keep (its coverage check passes).
            if let cleanCache, let repository, let coverage = decryption.coverage, !coverage.encryptsNothing,
               let blob = try? repository.blobID(for: content) {
                cleanCache.record(path: path, plaintext: decryption.plaintext, blob: blob)
            }
            return Smudged(decryption.plaintext, warning: decryption.warnings.first.map { SmudgeWarning(keptAsStored: false, reason: $0) })
        } catch {
            return Smudged(content, keptAsStored: Self.reason(error))
        }
    }

    /// Why a stored file does not decrypt here, in a few words without its path or any digest.
    public static func reason(_ error: any Error) -> String {
        guard let error = error as? SopsError else { return (error as? any CustomStringConvertible)?.description ?? "\(error)" }
        switch error.code {
        case .dataKey: return "no usable key here"
        case .macMismatch: return "its MAC does not verify: damaged or tampered"
        case .decryption: return "a value does not decrypt: damaged or tampered"
        default: return error.message
        }
    }

    public func smudgeNeedsNetwork(_ content: [UInt8], path: String) -> Bool {
        guard !locked, !ConflictCarrier.isCarrier(content) else { return false }
        // An age or PGP stanza's armored `enc` settles it without parsing the document (at worst a
        // clear value holding the marker makes a remote-only file smudge in line, never wrongly).
        if Self.localMarkers.contains(where: { Self.contains(content, $0) }) { return false }
        guard let metadata = try? SopsEngine.inspect(content, format: SopsFormat(path: path)) else { return false }
        // Local identities (age, gpg) answer at once; only files wrapped solely for remote key
        // services are worth delaying.
        return metadata.keyGroups.joined().allSatisfy { $0.type != .age && $0.type != .pgp }
    }

    private static let localMarkers = [Array("-----BEGIN AGE ENCRYPTED FILE-----".utf8), Array("-----BEGIN PGP MESSAGE-----".utf8)]

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        haystack.withUnsafeBufferPointer { h in
            guard h.count >= needle.count, let first = needle.first else { return false }
            for start in 0...(h.count - needle.count) where h[start] == first {
                if h[start..<(start + needle.count)].elementsEqual(needle) { return true }
            }
            return false
        }
    }

    public func smudgeIsWorthParallelizing(_ content: [UInt8], path: String) -> Bool {
        !locked && !ConflictCarrier.isCarrier(content) && SopsEngine.mayBeSopsDocument(content)
    }

    /// Clean: the working-tree file's size; smudge: the blob's (`blob=` header).
    public func expectedContentSize(_ command: FilterCommand) -> Int? {
        guard let repository else { return nil }
        switch command.name {
        case .clean:
            guard let top = repository.workingDirectory else { return nil }
            guard let status = Files.status(top + "/" + command.pathname), status.kind == .regular else { return nil }
            return Int(status.size)
        case .smudge:
            guard let hex = command.headers.last(where: { $0.key == "blob" })?.value, let id = ObjectID(hex: hex) else { return nil }
            return repository.blobSize(id)
        case .listAvailableBlobs:
            return nil
        }
    }

    /// The staged blob of `path` (stage 0, or "ours" during a merge), else the one in `HEAD`; the
    /// engine uses it as the previous ciphertext when it is a sops document.
    private func previousCiphertext(for path: String) throws -> (bytes: [UInt8], stagedID: ObjectID?)? {
        guard let repository else { return nil }
        if let staged = try repository.indexEntry(for: path, stage: 0) { return (try repository.blob(staged.id), staged.id) }
        if let ours = try repository.indexEntry(for: path, stage: 2) { return (try repository.blob(ours.id), nil) }
        guard repository.hasCommits, let committed = try repository.blob(at: "HEAD", path: path) else { return nil }
        return (committed, nil)
    }

    /// The staged blob, when the clean cache says it holds this very plaintext (what a full clean
    /// would return after decrypting it).
    private func cachedCiphertext(_ content: [UInt8], path: String) throws -> [UInt8]? {
        guard let cleanCache, let repository, let blob = cleanCache.blob(for: path, plaintext: content),
              try cleanCache.isStaged(blob, path: path, in: repository) else { return nil }
        return try repository.blob(blob)
    }
}

extension BinaryOutput: ContentStream {}

extension FilterContent {
    /// The whole output in one array.
    func collected() throws -> [UInt8] {
        switch self {
        case .bytes(let bytes): return bytes
        case .stream(let stream):
            var out: [UInt8] = []
            try stream.write { out.append(contentsOf: $0) }
            return out
        }
    }
}
