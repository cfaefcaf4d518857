import Diagnostics
import KeySources
import KubectlPlugin
import Platform

/// Builds the plugin's context for this process: its environment and directory, the SOPS engine
/// with every key service, and the standard streams.
enum PluginRuntime {
    /// `noticePrefix` starts every line on standard error (the bridges name the tool; `edit` and
    /// `create` talk like kubectl does).
    static func context(noticePrefix: String = "") -> PluginContext {
        let environment = CurrentProcess.environment()
        return PluginContext(environment: environment, workingDirectory: Files.currentDirectory(),
                             engine: SopsSecretEngine(keyServices: .standard(environment: environment), environment: environment),
                             standardOutput: { Terminal.writeOut($0) }, standardError: { Terminal.printError(noticePrefix + $0) })
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
