import Diagnostics
import KubectlPlugin
#if canImport(Glibc)
import Glibc
#endif

/// Builds the plugin's context for this process: its environment and directory, the SOPS engine,
/// the YAML reader, and the standard streams.
enum PluginRuntime {
    static func context() throws -> PluginContext {
        let environment = environment()
        return PluginContext(environment: environment, workingDirectory: currentDirectory(),
                      engine: SopsSecretEngine(environment: environment), syntax: ManifestReader(),
                      standardOutput: { Terminal.writeOut($0) }, standardError: { Terminal.printError($0) })
    }

    static func environment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(decoding: UnsafeRawBufferPointer(start: entry, count: strlen(entry)), as: UTF8.self)
            if let equals = text.firstIndex(of: "=") { result[String(text[..<equals])] = String(text[text.index(after: equals)...]) }
            pointer += 1
        }
        return result
    }

    static func currentDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "." }
        defer { free(path) }
        return String(decoding: UnsafeRawBufferPointer(start: path, count: strlen(path)), as: UTF8.self)
    }

    /// Runs a plugin command for `diff`'s exit convention: errors print and exit 2 (1 means "changes").
    static func exitingAboveOne(_ body: () async throws -> Int32) async throws -> Int32 {
        do {
            return try await body()
        } catch let error as any GitsopsError {
            for line in ErrorReport.lines(for: error, tool: "kubectl secrets") { Terminal.printError(line) }
            return 2
        }
    }
}
