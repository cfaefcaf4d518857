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
    /// Show a `ValueFingerprint` of each masked value, keyed by the data key of the object's file.
    public var fingerprint: Bool
    public var kubectl: KubectlOptions

    public init(paths: [String], target: Target = .cluster, showValues: Bool = false, fingerprint: Bool = false,
                kubectl: KubectlOptions = .init()) {
        self.paths = paths
        self.target = target
        self.showValues = showValues
        self.fingerprint = fingerprint
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

    /// The cluster's values against the files'; with `fingerprint`, both sides of an object keyed
    /// by its file's data key (the cluster has none of its own).
    private func clusterChanges(_ context: PluginContext) async throws -> [ObjectChange] {
        let files = try await SecretFileLoader(context: context).load(paths)
        let stream = ManifestStream.join(files)
        let kubectl = Kubectl(environment: context.environment, options: kubectl)
        let merged = try await kubectl.dryRunApply(stream)
        let live = try await kubectl.live(stream)
        let namespace = await kubectl.defaultNamespace()
        let keyed = fingerprint ? try await fingerprints(files, context) : []
        return merged.compactMap { object in
            let identity = ObjectIdentity(object)
            let current = live.first { other in
                guard let identity, let otherIdentity = ObjectIdentity(other) else { return false }
                return identity.matches(otherIdentity, defaultNamespace: namespace)
            }
            let change = ObjectChange.between(current, object)
            guard let change, let identity,
                  let key = keyed.first(where: { $0.0.matches(identity, defaultNamespace: namespace) })?.1 else { return change }
            return change.fingerprinted(with: key)
        }
    }

    /// Each object of `files` with the fingerprint keyed by its file's data key.
    private func fingerprints(_ files: [SecretFile], _ context: PluginContext) async throws -> [(ObjectIdentity, ValueFingerprint)] {
        var keyed: [(ObjectIdentity, ValueFingerprint)] = []
        for file in files {
            guard let document = file.sopsDocument else {
                throw KubectlPluginError(.usage, "--fingerprint needs an encrypted file: fingerprints are keyed by its data key",
                                         path: file.displayPath, hint: "encrypt it first (git add, or gitsops encrypt -i)")
            }
            let key = ValueFingerprint(key: try await context.engine.fingerprintKey(document, path: file.absolutePath))
            for object in try context.documents(of: file) {
                if let identity = ObjectIdentity(object) { keyed.append((identity, key)) }
            }
        }
        return keyed
    }

    private func gitChanges(_ context: PluginContext, from: String, to: String?) async throws -> [ObjectChange] {
        let loader = SecretFileLoader(context: context)
        let (before, beforeFiles) = try await objects(loader, context, revision: from)
        let (after, afterFiles) = try await objects(loader, context, revision: to)
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
        guard fingerprint else { return changes }
        // Both sides under one key, the newer file's: a data key rotated in between must not
        // make equal values look different.
        let newer = try await fingerprints(afterFiles, context)
        let older = try await fingerprints(beforeFiles, context)
        let keyed = newer + older
        return changes.map { change in
            keyed.first { $0.0 == change.identity }.map { change.fingerprinted(with: $0.1) } ?? change
        }
    }

    private func objects(_ loader: SecretFileLoader, _ context: PluginContext,
                         revision: String?) async throws -> ([(ObjectIdentity, ManifestValue)], [SecretFile]) {
        var files: [SecretFile] = []
        for path in paths.isEmpty ? ["."] : paths {
            do {
                files += try await loader.load([path], revision: revision)
            } catch let error as KubectlPluginError where error.code == .nothingToDecrypt || error.code == .io {
                continue  // absent on this side: everything on the other side is added or deleted
            }
        }
        let objects = try files.flatMap { file in
            try context.documents(of: file).compactMap { object in ObjectIdentity(object).map { ($0, object) } }
        }
        return (objects, files)
    }
}
