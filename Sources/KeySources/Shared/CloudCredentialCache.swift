import HTTP
import Synchronization

/// Caches credentials or tokens by key until shortly before they expire, and shares one fetch
/// among concurrent callers (a checkout unwraps hundreds of keys at once; they must not all call
/// STS). Failed fetches are not cached.
final class CloudCredentialCache<Value: Sendable>: Sendable {
    /// A fetched value and when it stops being valid (nil: never).
    struct Fetched: Sendable {
        let value: Value
        let expiration: UTCTime?
    }

    private enum Entry {
        case ready(Value, refreshAt: UTCTime?)
        case loading(Task<Fetched, any Error>)
    }

    private enum Step {
        case cached(Value)
        case wait(Task<Fetched, any Error>)
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let clock: @Sendable () -> UTCTime

    /// Refresh this long before expiry (at most half the remaining lifetime).
    static var refreshMargin: Int64 { 300 }

    init(clock: @escaping @Sendable () -> UTCTime) { self.clock = clock }

    func value(for key: String, fetch: @escaping @Sendable () async throws(KeySourceError) -> Fetched)
        async throws(KeySourceError) -> Value {
        let now = clock()
        let step = entries.withLock { entries -> Step in
            switch entries[key] {
            case .ready(let value, let refreshAt) where refreshAt.map({ now < $0 }) ?? true:
                return .cached(value)
            case .loading(let task):
                return .wait(task)
            default:
                let task = Task<Fetched, any Error> { try await fetch() }
                entries[key] = .loading(task)
                return .wait(task)
            }
        }
        let task: Task<Fetched, any Error>
        switch step {
        case .cached(let value): return value
        case .wait(let waiting): task = waiting
        }
        do {
            let fetched = try await task.value
            let refreshAt = fetched.expiration.map { expiration in
                let lifetime = max(0, expiration.secondsSinceEpoch - now.secondsSinceEpoch)
                return expiration.adding(seconds: -min(Self.refreshMargin, lifetime / 2))
            }
            entries.withLock { entries in
                if case .loading(let current) = entries[key], current == task { entries[key] = .ready(fetched.value, refreshAt: refreshAt) }
            }
            return fetched.value
        } catch {
            entries.withLock { entries in
                if case .loading(let current) = entries[key], current == task { entries[key] = nil }
            }
            throw error as? KeySourceError ?? KeySourceError(.failed, key: key, "\(error)")
        }
    }
}
