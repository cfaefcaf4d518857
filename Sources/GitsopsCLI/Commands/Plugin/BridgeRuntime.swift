import ArgumentParser
import KeySources
import KubectlPlugin
import Sops

/// kubectl's connection flags for `seal` and `push`, passed to every kubectl call (`-n` also names
/// the namespace of Secrets that name none).
struct BridgeKubectlFlags: ParsableArguments {
    @Option(help: ArgumentHelp("The name of the kubeconfig context to use.", valueName: "name"))
    var context: String?

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp("The namespace for Secrets that name none (default: the context's).", valueName: "namespace"))
    var namespace: String?

    @Option(help: ArgumentHelp("Path to the kubeconfig file to use for CLI requests.", valueName: "path"), completion: .file())
    var kubeconfig: String?

    func kubectl(_ environment: [String: String]) -> BridgeKubectl {
        var arguments: [String] = []
        if let kubeconfig { arguments += ["--kubeconfig", kubeconfig] }
        if let context { arguments += ["--context", context] }
        return BridgeKubectl(environment: environment, connectionArguments: arguments)
    }
}

/// The context the bridge commands run in: this process's environment and directory, the SOPS
/// engine with every key service, and the standard streams.
enum BridgeRuntime {
    static func context() -> BridgeContext {
        let environment = ProcessEnvironment.current()
        return BridgeContext(environment: environment, workingDirectory: FileIO.currentDirectory(),
                             engine: SopsEngine(keyServices: .standard(environment: environment), environment: environment),
                             standardOutput: { Terminal.writeOut($0) }, standardError: { Terminal.printError("kubectl secrets: \($0)") })
    }
}

extension SealingScope: ExpressibleByArgument {}
