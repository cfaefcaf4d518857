import ArgumentParser
import KeySources
import KubectlPlugin
import Sops

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
