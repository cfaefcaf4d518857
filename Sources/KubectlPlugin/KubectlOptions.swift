/// The kubectl flags `kubectl secrets` passes through, with kubectl's names.
public struct KubectlOptions: Equatable, Sendable {
    public enum DryRun: String, Sendable, CaseIterable {
        case none, client, server
    }

    public var context: String?
    public var namespace: String?
    public var kubeconfig: String?
    public var serverSide = false
    public var forceConflicts = false
    public var fieldManager: String?
    public var dryRun: DryRun = .none
    public var prune = false
    public var selector: String?
    public var pruneAllowlist: [String] = []

    public init() {}

    /// Flags every kubectl call gets: which cluster, which credentials, which namespace.
    public var connectionArguments: [String] {
        var arguments: [String] = []
        if let kubeconfig { arguments += ["--kubeconfig", kubeconfig] }
        if let context { arguments += ["--context", context] }
        if let namespace { arguments += ["--namespace", namespace] }
        return arguments
    }

    /// Flags for `kubectl apply` (also used for the server-side dry run behind `diff`).
    public var applyArguments: [String] {
        var arguments = connectionArguments
        if serverSide { arguments.append("--server-side") }
        if forceConflicts { arguments.append("--force-conflicts") }
        if let fieldManager { arguments += ["--field-manager", fieldManager] }
        if dryRun != .none { arguments.append("--dry-run=\(dryRun.rawValue)") }
        if prune {
            arguments.append("--prune")
            if let selector { arguments += ["--selector", selector] }
            // Prune only Secrets unless told otherwise: a secrets directory must not delete workloads.
            for kind in pruneAllowlist.isEmpty ? ["core/v1/Secret"] : pruneAllowlist {
                arguments += ["--prune-allowlist", kind]
            }
        } else if let selector {
            arguments += ["--selector", selector]
        }
        return arguments
    }

    /// Refuses combinations that could delete or change more than the user named.
    public func validateForApply() throws {
        if prune && (selector ?? "").isEmpty {
            throw KubectlPluginError(.usage, "--prune needs --selector (-l)",
                                     hint: "label the secrets you manage and prune only those, e.g. -l app.kubernetes.io/managed-by=gitsops")
        }
        if forceConflicts && !serverSide {
            throw KubectlPluginError(.usage, "--force-conflicts only applies with --server-side")
        }
    }
}
