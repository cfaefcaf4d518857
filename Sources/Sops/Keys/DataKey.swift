import Crypto
import KeySources

/// Generating, wrapping and recovering a file's data key through its key groups
/// (spec/sops-format.md §7.1, §7.9, §7.10).
enum DataKey {
    static let length = 32

    static func generate() -> SecretBytes { SecureRandom.secret(length) }

    /// Wraps `dataKey` for every key of every group, all at once. With two or more groups each group
    /// wraps its Shamir share instead of the key.
    static func wrap(_ dataKey: SecretBytes, for groups: [[MasterKey]], threshold: Int,
                     services: KeyServices) async throws(SopsError) -> [[MasterKey]] {
        guard !groups.isEmpty, groups.allSatisfy({ !$0.isEmpty }) else {
            throw SopsError(.config, "Could not generate data key: [empty key group provided]",
                            hint: "give the creation rule at least one key in every key group")
        }
        let secrets: [SecretBytes]
        if groups.count == 1 {
            secrets = [dataKey]
        } else {
            let t = threshold == 0 ? groups.count : threshold
            guard t >= 2, t <= groups.count, groups.count <= 255 else {
                throw SopsError(.config, "shamir_threshold \(t) is not between 2 and the number of key groups (\(groups.count))")
            }
            secrets = try DataKeyShares.split(dataKey, parts: groups.count, threshold: t)
        }
        let outcomes = await withTaskGroup(of: WrapOutcome.self) { tasks in
            for (g, group) in groups.enumerated() {
                for (k, key) in group.enumerated() {
                    let secret = secrets[g]
                    tasks.addTask { await WrapOutcome(group: g, index: k, key: key, secret: secret, services: services) }
                }
            }
            var all: [WrapOutcome] = []
            for await outcome in tasks { all.append(outcome) }
            return all.sorted { ($0.group, $0.index) < ($1.group, $1.index) }
        }
        var wrapped = groups
        var failures: [KeySourceError] = []
        for outcome in outcomes {
            if let key = outcome.wrapped { wrapped[outcome.group][outcome.index] = key }
            if let error = outcome.error { failures.append(error) }
        }
        guard failures.isEmpty else {
            // One line (the filter's errors are one line per file): each failing key with its reason.
            throw SopsError(.dataKey, "Could not wrap the data key: " + failures.map(\.description).joined(separator: "; "),
                            hint: failures.compactMap(\.hint).first)
        }
        return wrapped
    }

    /// Recovers the data key: per group, keys are tried in `order` until one works; with several
    /// groups, `threshold` recovered shares are combined. Cached process-wide by stanzas.
    static func recover(_ metadata: SopsMetadata, services: KeyServices, order: DecryptionOrder,
                        cache: DataKeyCache) async throws(SopsError) -> SecretBytes {
        let groups = metadata.keyGroups
        let threshold = metadata.shamirThreshold
        do {
            return try await cache.key(for: groups, threshold: threshold) {
                try await unwrap(groups: groups, threshold: metadata.effectiveThreshold, services: services, order: order)
            }
        } catch let error as SopsError {
            throw error
        } catch {
            throw SopsError(.dataKey, "Failed to get the data key: \(error)")
        }
    }

    /// One key's wrap result. (A task group of tuples holding a typed-error `Result` crashed in
    /// release builds with Swift 6.3.1; a plain struct does not.)
    private struct WrapOutcome: Sendable {
        var group: Int
        var index: Int
        var wrapped: MasterKey?
        var error: KeySourceError?

        init(group: Int, index: Int, key: MasterKey, secret: SecretBytes, services: KeyServices) async {
            self.group = group
            self.index = index
            do {
                wrapped = try await services.wrap(secret, for: key)
            } catch {
                self.error = error
            }
        }
    }

    private struct GroupOutcome: Sendable {
        var index: Int
        var secret: SecretBytes?
        var attempts: [String]
        /// The hints of keys that were tried and failed (a key with no identity here gives none).
        var hints: [String] = []
    }

    private static func unwrap(groups: [[MasterKey]], threshold: Int, services: KeyServices,
                               order: DecryptionOrder) async throws(SopsError) -> SecretBytes {
        let needed = groups.count == 1 ? 1 : threshold
        let outcomes = await withTaskGroup(of: GroupOutcome.self) { tasks in
            for (index, group) in groups.enumerated() {
                tasks.addTask { await unwrap(group: group, index: index, services: services, order: order) }
            }
            var outcomes: [GroupOutcome] = []
            for await outcome in tasks {
                outcomes.append(outcome)
                if outcomes.filter({ $0.secret != nil }).count >= needed { tasks.cancelAll(); break }
            }
            return outcomes
        }
        let recovered = outcomes.filter { $0.secret != nil }.sorted { $0.index < $1.index }
        if recovered.count >= needed {
            if groups.count == 1 {
                let key = recovered[0].secret!
                guard key.count == length else {
                    throw SopsError(.dataKey, "the recovered data key has \(key.count) bytes, expected \(length)")
                }
                return key
            }
            return try DataKeyShares.combine(recovered.map { $0.secret! })
        }
        var lines = ["Failed to get the data key required to decrypt the SOPS file."]
        for outcome in outcomes.sorted(by: { $0.index < $1.index }) {
            lines.append("  group \(outcome.index): \(outcome.secret == nil ? "FAILED" : "SUCCESS")")
            lines += outcome.attempts.map { "    " + $0 }
        }
        if groups.count > 1 {
            lines.append("  the file needs \(needed) of \(groups.count) key groups (Shamir threshold), \(recovered.count) recovered")
        }
        // A key that was reached and refused says best what to fix (a role's trust policy, a key's
        // permissions); when no key here even applied, the way to provide one.
        let hint = outcomes.sorted { $0.index < $1.index }.lazy.flatMap(\.hints).first
        throw SopsError(.dataKey, lines.joined(separator: "\n"),
                        hint: hint ?? "make a matching identity available (age: SOPS_AGE_KEY_FILE or SOPS_AGE_KEY; pgp: the secret key in GNUPGHOME; cloud keys: credentials)")
    }

    private static func unwrap(group: [MasterKey], index: Int, services: KeyServices, order: DecryptionOrder) async -> GroupOutcome {
        var attempts: [String] = [], hints: [String] = []
        for key in order.sorted(group) {
            if Task.isCancelled { break }
            do throws(KeySourceError) {
                let secret = try await services.unwrap(key)
                return GroupOutcome(index: index, secret: secret, attempts: attempts)
            } catch {
                attempts.append("\(key.type.rawValue) \(error.description)")
                if error.code != .notThisKey, let hint = error.hint { hints.append(hint) }
            }
        }
        return GroupOutcome(index: index, secret: nil, attempts: attempts, hints: hints)
    }
}
