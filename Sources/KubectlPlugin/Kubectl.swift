import Diagnostics
import Platform
import Subprocess
import SystemPackage

/// Runs the user's `kubectl`; manifests travel on its standard input, never through files.
public struct Kubectl: Sendable {
    /// The program (`$KUBECTL`, else `kubectl` on `$PATH`).
    public var executable: String
    public var environment: [String: String]
    public var options: KubectlOptions

    public init(environment: [String: String], options: KubectlOptions) {
        self.executable = environment["KUBECTL"].flatMap { $0.isEmpty ? nil : $0 } ?? "kubectl"
        self.environment = environment
        self.options = options
    }

    /// `kubectl apply -f -` with the pass-through flags; kubectl's own output goes to the terminal.
    /// Returns kubectl's exit status.
    public func apply(_ manifests: [UInt8]) async throws -> Int32 {
        try await run(["apply", "-f", "-"] + options.applyArguments, input: manifests)
    }

    /// The objects a server-side dry-run apply would produce, as JSON items.
    func dryRunApply(_ manifests: [UInt8]) async throws -> [ManifestValue] {
        var dryRun = options
        dryRun.dryRun = .server
        dryRun.prune = false
        let output = try await capture(["apply", "-f", "-", "-o", "json"] + dryRun.applyArguments, input: manifests)
        return try Self.items(output)
    }

    /// The live objects for `manifests` (missing ones left out), as JSON items.
    func live(_ manifests: [UInt8]) async throws -> [ManifestValue] {
        let output = try await capture(["get", "-f", "-", "-o", "json", "--ignore-not-found"] + options.connectionArguments,
                                       input: manifests)
        return try Self.items(output)
    }

    /// `kubectl get --raw PATH`: a GET through the API server (service proxy paths included).
    package func getRaw(_ path: String) async throws -> [UInt8] {
        // kubectl's error becomes part of ours (the caller adds what to check), not a separate line.
        var configuration = configuration
        configuration.arguments = Arguments(["get", "--raw", path] + options.connectionArguments)
        let result = try await launch {
            try await Subprocess.run(configuration, output: .bytes(limit: 16 << 20), error: .string(limit: 1 << 16))
        }
        guard result.terminationStatus.isSuccess else {
            let detail = result.standardError.split(separator: "\n").first.map { ": \($0.prefix(300))" } ?? ""
            throw KubectlPluginError(.subprocess, "kubectl get --raw \(result.terminationStatus.phrase)\(detail)")
        }
        return result.standardOutput
    }

    /// What `postRaw` got back.
    package enum RawPostResponse: Equatable {
        case ok([UInt8])
        /// HTTP 409, which kubectl reports as AlreadyExists (or Conflict).
        case conflict
    }

    /// `kubectl create --raw PATH -f -`: a POST of `body` through the API server (service proxy
    /// paths included), as kubeseal's `--validate` and `--re-encrypt` make theirs.
    package func postRaw(_ path: String, body: [UInt8]) async throws -> RawPostResponse {
        var configuration = configuration
        configuration.arguments = Arguments(["create", "--raw", path, "-f", "-"] + options.connectionArguments)
        let result = try await launch {
            try await Subprocess.run(configuration, input: .array(body), output: .bytes(limit: 16 << 20), error: .string(limit: 1 << 16))
        }
        guard result.terminationStatus.isSuccess else {
            // kubectl's own error line, not klog's (`I1207 01:31:42.764272 …`).
            let lines = result.standardError.split(separator: "\n")
            let first = lines.first { $0.hasPrefix("Error from server") || $0.hasPrefix("error:") } ?? lines.first ?? ""
            if first.hasPrefix("Error from server (AlreadyExists)") || first.hasPrefix("Error from server (Conflict)") { return .conflict }
            let detail = first.isEmpty ? "" : ": \(first.prefix(300))"
            throw KubectlPluginError(.subprocess, "kubectl create --raw \(result.terminationStatus.phrase)\(detail)")
        }
        return .ok(result.standardOutput)
    }

    /// `explicit` when given, else the namespace kubectl uses for objects that name none.
    package func namespace(_ explicit: String?) async -> String {
        if let explicit { return explicit }
        return await defaultNamespace()
    }

    /// The namespace kubectl uses for objects that name none.
    func defaultNamespace() async -> String {
        if let namespace = options.namespace { return namespace }
        let arguments = ["config", "view", "--minify", "-o", "jsonpath={..namespace}"] + options.connectionArguments
        let output = (try? await capture(arguments, input: [])) ?? []
        let namespace = String(decoding: output, as: UTF8.self).trimmingWhitespace
        return namespace.isEmpty ? "default" : namespace
    }

    /// kubectl's `-o json` output: one object, a List, or nothing.
    static func items(_ output: [UInt8]) throws -> [ManifestValue] {
        guard output.contains(where: { ![0x20, 0x0a, 0x0d, 0x09].contains($0) }) else { return [] }
        let value = try ManifestValue.parseJSON(output)
        if value["kind"]?.stringValue == "List" || (value["kind"]?.stringValue?.hasSuffix("List") == true && value["items"] != nil) {
            if case .array(let items) = value["items"] ?? .array([]) { return items }
        }
        return [value]
    }

    var configuration: Configuration {
        Configuration(executable: executable.contains("/") ? .path(FilePath(executable)) : .name(executable),
                      environment: .custom(Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })))
    }

    private func run(_ arguments: [String], input: [UInt8]) async throws -> Int32 {
        var configuration = configuration
        configuration.arguments = Arguments(arguments)
        let result = try await launch {
            try await Subprocess.run(configuration, input: .array(input),
                                     output: .currentStandardOutput, error: .currentStandardError)
        }
        return Self.exitCode(result.terminationStatus)
    }

    private func capture(_ arguments: [String], input: [UInt8]) async throws -> [UInt8] {
        var configuration = configuration
        configuration.arguments = Arguments(arguments)
        let result = try await launch {
            try await Subprocess.run(configuration, input: .array(input),
                                     output: .bytes(limit: 256 << 20), error: .currentStandardError)
        }
        guard result.terminationStatus.isSuccess else {
            throw KubectlPluginError(.subprocess, "kubectl \(arguments.first ?? "") \(result.terminationStatus.phrase)")
        }
        return result.standardOutput
    }

    func launch<R>(_ body: () async throws -> R) async throws -> R {
        do {
            return try await body()
        } catch let error as SubprocessError {
            throw KubectlPluginError(.subprocess, "cannot run \(executable): \(error)",
                                     hint: "install kubectl or point $KUBECTL at it")
        }
    }

    static func exitCode(_ status: TerminationStatus) -> Int32 {
        switch status {
        case .exited(let code): return code
        case .signaled(let signal): return 128 + signal
        }
    }
}
