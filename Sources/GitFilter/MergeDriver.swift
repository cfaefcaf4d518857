import FilterProtocol
public import Sops
import Diagnostics
import KeySources
import Platform
import Subprocess
import SystemPackage

/// `merge.gitsops.driver`: a three-way merge of the decrypted documents.
///
/// git hands the driver three files holding the stored blobs (ciphertext) and stores whatever it
/// leaves in `%A` as a blob, even when it reports a conflict. So the driver never writes plaintext
/// to `%A`: a clean merge is encrypted with ours' data key (unchanged values keep their `ENC[…]`),
/// a conflicted one becomes a `ConflictCarrier` that smudge turns into conflict markers in the
/// working tree. The decrypted inputs of `git merge-file` exist only in a `TmpfsWorkspace`.
public struct MergeDriver: Sendable {
    public enum Outcome: Equatable, Sendable {
        case merged
        /// `git merge-file` found this many conflicts; `%A` holds an encrypted carrier.
        case conflicted(Int)
    }

    public let engine: SopsEngine
    /// For a result that must be encrypted afresh (no side was encrypted before).
    public let rules: any CreationRuleSource
    /// Passed to `git merge-file` (PATH) and used to find tmpfs (`XDG_RUNTIME_DIR`).
    public let environment: [String: String]
    /// `merge.conflictStyle`: `merge` (default), `diff3` or `zdiff3`.
    public let conflictStyle: String?

    public init(engine: SopsEngine, rules: any CreationRuleSource, environment: [String: String], conflictStyle: String? = nil) {
        self.engine = engine
        self.rules = rules
        self.environment = environment
        self.conflictStyle = conflictStyle
    }

    /// Merges `base` (%O), `ours` (%A, rewritten in place) and `theirs` (%B) for `path` (%P);
    /// conflict markers carry `labels`. On error `ours` is left untouched.
    public func merge(base: String, ours: String, theirs: String, path: String, markerSize: Int = 7,
                      labels: ConflictLabels = ConflictLabels(base: "base", ours: "ours", theirs: "theirs")) async throws -> Outcome {
        let format = SopsFormat(path: path)
        let stored = (base: try Files.read(base), ours: try Files.read(ours), theirs: try Files.read(theirs))
        // One await per statement: Swift 6.3.1's optimizer loses tuple elements evaluated before
        // an `await` inside the same tuple expression.
        let plainBase = try await plaintext(stored.base, format: format, path: path)
        let plainOurs = try await plaintext(stored.ours, format: format, path: path)
        let plainTheirs = try await plaintext(stored.theirs, format: format, path: path)
        let (merged, conflicts) = try await TmpfsWorkspace.withWorkspace(environment: environment, name: "gitsops-merge") { workspace in
            let oursFile = try workspace.write(plainOurs, to: "ours").string
            let baseFile = try workspace.write(plainBase, to: "base").string
            let theirsFile = try workspace.write(plainTheirs, to: "theirs").string
            return try await mergeFile(ours: oursFile, base: baseFile, theirs: theirsFile, markerSize: markerSize, labels: labels)
        }
        // The previous ciphertext whose data key and IVs the result reuses: ours, else theirs.
        let previous = [stored.ours, stored.theirs].first { SopsEngine.isSopsDocument($0, format: format) }
        let result: [UInt8]
        if conflicts == 0 && merged.isEmpty {
            result = []  // stored empty, as clean stores an empty file
        } else if conflicts == 0 {
            let rule = try previous == nil ? rules.rule(for: path) : CreationRule(keyGroups: [])
            result = try await engine.encrypt(merged, EncryptionRequest(path: path, format: format, rule: rule, previous: previous,
                                                                       stores: rules.storeSettings))
        } else {
            let keys: (groups: [[MasterKey]], threshold: Int)
            if let previous {
                let metadata = try SopsEngine.inspect(previous, format: format)
                keys = (metadata.keyGroups, metadata.shamirThreshold)
            } else {
                let rule = try rules.rule(for: path)
                keys = (rule.keyGroups, rule.shamirThreshold)
            }
            result = try await ConflictCarrier.seal(merged, path: path, keyGroups: keys.groups, threshold: keys.threshold, engine: engine)
        }
        try AtomicFile.replace(ours, with: result)
        return conflicts == 0 ? .merged : .conflicted(conflicts)
    }

    /// The decrypted bytes of one side; a side that is not encrypted (yet) is used as it is.
    private func plaintext(_ bytes: [UInt8], format: SopsFormat, path: String) async throws -> [UInt8] {
        do {
            if ConflictCarrier.isCarrier(bytes) { return try await ConflictCarrier.open(bytes, engine: engine).content }
            guard SopsEngine.isSopsDocument(bytes, format: format) else { return bytes }
            return try await engine.decrypt(bytes, format: format).plaintext
        } catch {
            throw GitFilterError(.failed, "cannot merge: \(error.message)", path: path,
                                 hint: error.code == .dataKey ? "merging encrypted files needs a key that decrypts them" : error.hint)
        }
    }

    /// `git merge-file -p` over the three files: the merged bytes and the number of conflicts.
    private func mergeFile(ours: String, base: String, theirs: String, markerSize: Int, labels: ConflictLabels) async throws -> ([UInt8], Int) {
        var arguments = ["merge-file", "-p", "--marker-size=\(markerSize)", "-L", labels.ours, "-L", labels.base, "-L", labels.theirs]
        if conflictStyle == "diff3" || conflictStyle == "zdiff3" { arguments.append("--\(conflictStyle!)") }
        arguments += [ours, base, theirs]
        let configuration = Configuration(executable: .name("git"), arguments: Arguments(arguments),
                                          environment: .custom(Dictionary(uniqueKeysWithValues: environment.map {
                                              (Environment.Key(stringLiteral: $0.key), $0.value)
                                          })))
        let result = try await Subprocess.run(configuration, output: .bytes(limit: 1 << 30), error: .string(limit: 1 << 16))
        guard case .exited(let code) = result.terminationStatus, code >= 0, code < 128 else {
            throw GitFilterError(.failed, "git merge-file \(result.terminationStatus.phrase): \(result.standardError)")
        }
        return (result.standardOutput, Int(code))
    }
}
