import Crypto
import KeySources

/// Data keys this process has already recovered, by the stanzas that wrap them: a checkout decrypting
/// many files that share a data key unwraps it once, and concurrent requests share one unwrap.
public actor DataKeyCache {
    /// The process-wide cache every engine uses by default.
    public static let shared = DataKeyCache()

    /// An empty cache (tests, or callers that must not share keys).
    public init() {}

    private var entries: [[UInt8]: Task<SecretBytes, any Error>] = [:]

    /// The cached key for these groups, or the result of `recover` (not cached when it fails).
    func key(for groups: [[MasterKey]], threshold: Int,
             recover: @escaping @Sendable () async throws -> SecretBytes) async throws -> SecretBytes {
        let id = Self.identifier(groups, threshold: threshold)
        if let task = entries[id] { return try await task.value }
        let task = Task { try await recover() }
        entries[id] = task
        do {
            return try await task.value
        } catch {
            entries[id] = nil
            throw error
        }
    }

    /// Remembers a key this process generated or recovered by other means.
    func store(_ key: SecretBytes, for groups: [[MasterKey]], threshold: Int) {
        entries[Self.identifier(groups, threshold: threshold)] = Task { key }
    }

    /// SHA-256 over every stanza's type, identity and `enc`, group by group.
    private static func identifier(_ groups: [[MasterKey]], threshold: Int) -> [UInt8] {
        var text: [UInt8] = Array("t\(threshold)".utf8)
        for group in groups {
            text += Array("|g".utf8)
            for key in group {
                for field in [key.type.rawValue, key.identity, key.enc] {
                    text += Array("\u{0}\(field.utf8.count):".utf8) + Array(field.utf8)
                }
            }
        }
        return SHA256.hash(text)
    }
}
