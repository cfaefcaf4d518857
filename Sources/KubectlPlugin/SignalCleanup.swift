import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Cleans up open workspaces and child processes when SIGINT, SIGTERM or SIGHUP arrives, then dies
/// of the same signal. Uses dispatch signal sources, so the cleanup runs outside signal context.
final class SignalCleanup: Sendable {
    static let shared = SignalCleanup()
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private struct State {
        var workspaces: [ObjectIdentifier: TmpfsWorkspace] = [:]
        var children: Set<pid_t> = []
        var sources: [any DispatchSourceSignal] = []
    }
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "gitsops.signals")

    func register(_ workspace: TmpfsWorkspace) {
        installIfNeeded()
        state.withLock { $0.workspaces[ObjectIdentifier(workspace)] = workspace }
    }

    func unregister(_ workspace: TmpfsWorkspace) {
        _ = state.withLock { $0.workspaces.removeValue(forKey: ObjectIdentifier(workspace)) }
    }

    /// A child (the editor) to terminate before cleaning up, so it cannot write after we scrub.
    func registerChild(_ pid: pid_t) {
        installIfNeeded()
        _ = state.withLock { $0.children.insert(pid) }
    }

    func unregisterChild(_ pid: pid_t) {
        _ = state.withLock { $0.children.remove(pid) }
    }

    private func installIfNeeded() {
        state.withLock { state in
            guard state.sources.isEmpty else { return }
            for number in Self.signals {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { [self] in self.terminate(by: number) }
                source.resume()
                state.sources.append(source)
            }
        }
    }

    private func terminate(by number: Int32) {
        let (workspaces, children) = state.withLock { ($0.workspaces.values.map { $0 }, $0.children) }
        for child in children {
            kill(child, SIGTERM)
            // Wait without reaping (WNOWAIT): the subprocess library still owns the child's status.
            var info = siginfo_t()
            _ = waitid(P_PID, id_t(child), &info, WEXITED | WNOWAIT)
        }
        for workspace in workspaces { workspace.close() }
        signal(number, SIG_DFL)
        raise(number)
    }
}
