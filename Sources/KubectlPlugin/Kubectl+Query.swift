import Diagnostics
import Platform
import Subprocess

extension Kubectl {
    /// `kubectl ARGUMENTS` with the kubeconfig and context flags (not the namespace: callers name
    /// it), standard output captured. A failure throws with kubectl's first error line, so the
    /// caller can tell "no such resource type" from an unreachable cluster.
    func query(_ arguments: [String]) async throws -> [UInt8] {
        var configuration = configuration
        var connection = options
        connection.namespace = nil
        configuration.arguments = Arguments(arguments + connection.connectionArguments)
        let result = try await launch {
            try await Subprocess.run(configuration, output: .bytes(limit: 64 << 20), error: .string(limit: 1 << 16))
        }
        guard result.terminationStatus.isSuccess else {
            let command = "kubectl \(arguments.prefix(2).joined(separator: " "))"
            guard let detail = result.standardError.split(separator: "\n").first.map({ String($0.prefix(300)) }) else {
                throw KubectlPluginError(.subprocess, "\(command) \(result.terminationStatus.phrase)")
            }
            throw KubectlPluginError(.subprocess, "\(command) failed: \(detail)")
        }
        return result.standardOutput
    }

    /// `kubectl get ARGUMENTS -o json --ignore-not-found`: the objects (none when not found).
    func objects(_ arguments: [String]) async throws -> [ManifestValue] {
        try Self.items(await query(["get"] + arguments + ["-o", "json", "--ignore-not-found"]))
    }
}
