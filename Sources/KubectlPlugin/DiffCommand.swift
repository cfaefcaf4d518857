/// `kubectl secrets diff`: what applying would change in the cluster, or what changed between
/// revisions, per object and key; values masked unless asked for.
public struct DiffCommand: Sendable {
    /// What to compare.
    public enum Target: Sendable, Equatable {
        /// The cluster's live objects against these manifests (server-side dry run).
        case cluster
        /// `from` (a revision) against `to` (a revision, or the working tree when nil).
        case git(from: String, to: String?)
    }

    public var paths: [String]
    public var target: Target
    public var showValues: Bool
    public var kubectl: KubectlOptions

    public init(paths: [String], target: Target = .cluster, showValues: Bool = false, kubectl: KubectlOptions = .init()) {
        self.paths = paths
        self.target = target
        self.showValues = showValues
        self.kubectl = kubectl
    }

    /// `REV` (against the working tree) or `REV..REV2`.
    public static func gitTarget(_ range: String) -> Target {
        let parts = range.split(separator: "..", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 {
            let from = String(parts[0]), to = String(parts[1])
            return .git(from: from.isEmpty ? "HEAD" : from, to: to.isEmpty ? "HEAD" : to)
        }
        return .git(from: range, to: nil)
    }

    /// Prints the report; returns 0 when nothing changes and 1 when something does.
    public func run(_ context: PluginContext) async throws -> Int32 {
        let changes: [ObjectChange]
        switch target {
        case .cluster: changes = try await clusterChanges(context)
        case .git(let from, let to): changes = try await gitChanges(context, from: from, to: to)
        }
        context.standardOutput(Array(ChangeReport.render(changes, showValues: showValues).utf8))
        return changes.contains { $0.status != .unchanged } ? 1 : 0
    }

    private func clusterChanges(_ context: PluginContext) async throws -> [ObjectChange] {
        let files = try await SecretFileLoader(context: context).load(paths)
        let stream = ManifestStream.join(files)
        let kubectl = Kubectl(environment: context.environment, options: kubectl)
        let merged = try await kubectl.dryRunApply(stream)
        let live = try await kubectl.live(stream)
        let namespace = await kubectl.defaultNamespace()
        return merged.compactMap { object in
            let identity = ObjectIdentity(object)
            let current = live.first { other in
                guard let identity, let otherIdentity = ObjectIdentity(other) else { return false }
                return identity.matches(otherIdentity, defaultNamespace: namespace)
            }
            return ObjectChange.between(current, object)
        }
    }

    private func gitChanges(_ context: PluginContext, from: String, to: String?) async throws -> [ObjectChange] {
        let loader = SecretFileLoader(context: context)
        let before = try await objects(loader, context, revision: from)
        let after = try await objects(loader, context, revision: to)
        guard !before.isEmpty || !after.isEmpty else {
            throw KubectlPluginError(.nothingToDecrypt, "no encrypted manifest found at \(from) or \(to ?? "the working tree")",
                                     path: paths.joined(separator: " "))
        }
        var changes = after.compactMap { identity, object in
            ObjectChange.between(before.first { $0.0 == identity }?.1, object)
        }
        for (identity, object) in before where !after.contains(where: { $0.0 == identity }) {
            if let change = ObjectChange.between(object, nil) { changes.append(change) }
        }
        return changes
    }

    private func objects(_ loader: SecretFileLoader, _ context: PluginContext, revision: String?) async throws -> [(ObjectIdentity, ManifestValue)] {
        var files: [SecretFile] = []
        for path in paths.isEmpty ? ["."] : paths {
            do {
                files += try await loader.load([path], revision: revision)
            } catch let error as KubectlPluginError where error.code == .nothingToDecrypt || error.code == .io {
                continue  // absent on this side: everything on the other side is added or deleted
            }
        }
        return try files.flatMap { file in
            try context.documents(of: file).compactMap { object in ObjectIdentity(object).map { ($0, object) } }
        }
    }
}
