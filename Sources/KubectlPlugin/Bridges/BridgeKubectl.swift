import Subprocess

/// The user's `kubectl` (`$KUBECTL`, else `kubectl` on `$PATH`) with their connection flags, for
/// what the bridges ask of the cluster: the controller's certificate and the default namespace.
public struct BridgeKubectl: Sendable {
    public var executable: String
    public var environment: [String: String]
    /// `--kubeconfig`, `--context`, … passed to every call.
    public var connectionArguments: [String]

    public init(environment: [String: String], connectionArguments: [String]) {
        executable = environment["KUBECTL"].flatMap { $0.isEmpty ? nil : $0 } ?? "kubectl"
        self.environment = environment
        self.connectionArguments = connectionArguments
    }

    /// `kubectl get --raw PATH`: a GET through the API server (service proxy paths included).
    func getRaw(_ path: String) async throws(BridgeError) -> [UInt8] {
        try await output(["get", "--raw", path] + connectionArguments)
    }

    /// `explicit` (`-n`) when given, else the current context's namespace (`default` when it names none).
    func namespace(_ explicit: String?) async throws(BridgeError) -> String {
        if let explicit { return explicit }
        let output = try await output(["config", "view", "--minify", "-o", "jsonpath={..namespace}"] + connectionArguments)
        let namespace = String(decoding: output, as: UTF8.self).split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
        return namespace.isEmpty ? "default" : namespace
    }

    private func output(_ arguments: [String]) async throws(BridgeError) -> [UInt8] {
        let configuration = Configuration(
            executable: executable.contains("/") ? .path(.init(executable)) : .name(executable), arguments: Arguments(arguments),
            environment: .custom(Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })))
        let shown = "kubectl \(arguments.prefix(2).joined(separator: " "))"
        let status: TerminationStatus, output: [UInt8], error: String?
        do {
            let result = try await Subprocess.run(configuration, output: .bytes(limit: 16 << 20), error: .string(limit: 1 << 16))
            (status, output, error) = (result.terminationStatus, result.standardOutput, result.standardError)
        } catch {
            throw BridgeError(.remote, "cannot run \(executable): \(error)", hint: "install kubectl or point $KUBECTL at it")
        }
        guard case .exited(0) = status else {
            let detail = (error ?? "").split(separator: "\n").first.map { ": \($0.prefix(300))" } ?? ""
            throw BridgeError(.remote, "\(shown) failed (\(status))\(detail)")
        }
        return output
    }
}
