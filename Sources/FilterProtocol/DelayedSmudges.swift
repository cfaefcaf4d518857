import Synchronization

/// Smudges answered with `status=delayed`, running concurrently until git collects them through
/// `list_available_blobs` and a second `smudge` without content.
final class DelayedSmudges: Sendable {
    private struct State {
        var running = 0
        /// Input bytes of the smudges started and not yet taken by git.
        var pendingBytes = 0
        var bytes: [String: Int] = [:]
        /// Finished, not yet listed to git.
        var unlisted: [String] = []
        /// Finished results by path, kept until git asks for them.
        var results: [String: Result<Smudged, any Error>] = [:]
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// Input bytes of the smudges started and not yet taken.
    var pendingBytes: Int { state.withLock { $0.pendingBytes } }

    /// Starts smudging `content` (`bytes` long) in the background.
    func start(path: String, bytes: Int = 0, _ work: @escaping @Sendable () async throws -> Smudged) {
        state.withLock { state in
            state.running += 1
            state.pendingBytes += bytes
            state.bytes[path, default: 0] += bytes
        }
        Task {
            let result: Result<Smudged, any Error>
            do {
                let smudged = try await work()
                result = .success(smudged)
            } catch {
                result = .failure(error)
            }
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.running -= 1
                state.unlisted.append(path)
                state.results[path] = result
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }

    /// Paths that finished since the last call, waiting for at least one while any is running;
    /// empty when nothing is left (which tells git the delayed phase is over).
    func available() async -> [String] {
        while true {
            let ready: [String]? = state.withLock { state in
                if !state.unlisted.isEmpty || state.running == 0 {
                    defer { state.unlisted.removeAll() }
                    return state.unlisted
                }
                return nil
            }
            if let ready { return ready }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if !state.unlisted.isEmpty || state.running == 0 { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// The finished result for `path`, removed; `nil` if `path` was never delayed or is taken.
    func take(_ path: String) -> Result<Smudged, any Error>? {
        state.withLock { state in
            guard let result = state.results.removeValue(forKey: path) else { return nil }
            state.pendingBytes -= state.bytes.removeValue(forKey: path) ?? 0
            return result
        }
    }
}
