import ArgumentParser
import KubectlPlugin
import Platform

/// kubectl's connection flags, passed through to every kubectl call.
struct KubectlConnectionFlags: ParsableArguments {
    @Option(help: ArgumentHelp("The name of the kubeconfig context to use.", valueName: "name"),
            completion: .custom { _, _, _ in await KubectlCompletions.contexts() })
    var context: String?

    @Option(name: [.customShort("n"), .long], help: ArgumentHelp("If present, the namespace scope for this CLI request.", valueName: "namespace"),
            completion: .custom { _, _, _ in await KubectlCompletions.namespaces() })
    var namespace: String?

    @Option(help: ArgumentHelp("Path to the kubeconfig file to use for CLI requests.", valueName: "path"), completion: .file())
    var kubeconfig: String?

    var options: KubectlOptions {
        var options = KubectlOptions()
        options.context = context
        options.namespace = namespace
        options.kubeconfig = kubeconfig
        return options
    }
}

/// `kubectl apply` flags that `apply` passes through and `diff` uses for its server-side dry run.
struct KubectlApplyFlags: ParsableArguments {
    @Flag(name: .customLong("server-side"), help: "If true, apply runs in the server instead of the client.")
    var serverSide = false

    @Flag(name: .customLong("force-conflicts"), help: "If true, server-side apply will force the changes against conflicts.")
    var forceConflicts = false

    @Option(name: .customLong("field-manager"), help: ArgumentHelp("Name of the manager used to track field ownership.", valueName: "name"))
    var fieldManager: String?

    func apply(to options: inout KubectlOptions) {
        options.serverSide = serverSide
        options.forceConflicts = forceConflicts
        options.fieldManager = fieldManager
    }
}

/// `--rev REV`: read files at a git revision (through libgit2) instead of the working tree.
struct RevisionFlag: ParsableArguments {
    @Option(name: .customLong("rev"), help: ArgumentHelp("Read the files at this git revision instead of the working tree.", valueName: "revision"))
    var revision: String?
}

extension KubectlOptions.DryRun: ExpressibleByArgument {}

/// Values for `--context` and `--namespace` completion, from the user's kubectl.
enum KubectlCompletions {
    static func contexts() async -> [String] { await lines(["config", "get-contexts", "-o", "name"]) }
    static func namespaces() async -> [String] {
        await lines(["get", "namespaces", "-o", "name", "--request-timeout=5s"]).map { $0.hasPrefix("namespace/") ? String($0.dropFirst(10)) : $0 }
    }

    private static func lines(_ arguments: [String]) async -> [String] {
        guard let output = await ChildOutput.of("kubectl", arguments) else { return [] }
        return output.split(separator: "\n").map(String.init)
    }
}
