import Foundation
import TestSupport
import Testing

/// `kubectl secrets <TAB>`: kubectl >= 1.26 runs `kubectl_complete-secrets` from PATH.
@Suite struct PluginCompletionTests {
    var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("completions/kubectl_complete-secrets").path
    }

    @Test func completesSubcommandsFlagsAndValues() throws {
        let sandbox = try PluginSandbox()
        let commands = try Command.run(script, [""], environment: sandbox.environment)
        #expect(commands.status == 0)
        let names = commands.out.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }
        #expect(names == ["view", "edit", "diff", "apply", "create", "seal", "unseal", "push", "doctor", "import", ":4"])
        let flags = try Command.run(script, ["diff", "--sh"], environment: sandbox.environment)
        #expect(flags.out == "--show-values\n:4\n")
        let dryRun = try Command.run(script, ["create", "x", "--type", "kubernetes.io/t"], environment: sandbox.environment)
        #expect(dryRun.out == "kubernetes.io/tls\n:4\n")
        let files = try Command.run(script, ["view", ""], environment: sandbox.environment)
        #expect(files.out == ":0\n")
    }

    @Test func kubectlItselfAsksThePluginForCompletions() throws {
        let sandbox = try PluginSandbox()
        try FileManager.default.createSymbolicLink(atPath: sandbox.bin.appendingPathComponent("kubectl_complete-secrets").path,
                                                   withDestinationPath: script)
        let result = try Command.run("kubectl", ["__complete", "secrets", "ap"], environment: sandbox.environment)
        #expect(result.out.hasPrefix("apply\tApply decrypted manifests with kubectl apply.\n"), "\(result.out)")
        let context = try Command.run("kubectl", ["__complete", "secrets", "diff", "--context", ""],
                                      environment: sandbox.environment.merging(["KUBECONFIG": writeKubeconfig(sandbox)]) { $1 })
        #expect(context.out.hasPrefix("alpha\nbeta\n"), "\(context.out)")
    }

    private func writeKubeconfig(_ sandbox: PluginSandbox) throws -> String {
        let url = sandbox.root.url.appendingPathComponent("kubeconfig")
        try Data("""
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: alpha, context: {cluster: c, user: u}}, {name: beta, context: {cluster: c, user: u}}]
            current-context: alpha
            """.utf8).write(to: url)
        return url.path
    }

    @Test func helpFollowsKubectlFlagNames() throws {
        let sandbox = try PluginSandbox()
        let help = try sandbox.run(["apply", "--help"])
        #expect(help.status == 0)
        for flag in ["--context <name>", "-n, --namespace <namespace>", "--kubeconfig <path>", "--server-side", "--dry-run <mode>",
                     "--prune", "-l, --selector <selector>", "--rev <revision>"] {
            #expect(help.out.contains(flag), "missing \(flag)")
        }
        let top = try sandbox.run(["--help"])
        #expect(!top.out.contains("__complete"))
    }
}
