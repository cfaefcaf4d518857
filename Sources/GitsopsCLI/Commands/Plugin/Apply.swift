import ArgumentParser
import KubectlPlugin

extension KubectlSecrets {
    /// `kubectl secrets apply`.
    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply",
            abstract: "Apply decrypted manifests with kubectl apply.",
            discussion: """
                Decrypts every PATH (files, or the encrypted manifests under directories; at --rev REV
                read through libgit2) and pipes them to `kubectl apply -f -` with your kubectl flags.
                Plaintext only travels through the pipe. A path with nothing to decrypt is an error.
                --prune needs --selector and prunes only Secrets unless --prune-allowlist says otherwise.

                Examples:
                  # Apply a directory of secrets to the current context
                  kubectl secrets apply secrets/

                  # Check first on the server, then apply the released revision server-side
                  kubectl secrets apply secrets/ --dry-run=server
                  kubectl secrets apply secrets/ --rev v1.4.0 --server-side --context prod
                """)

        @Argument(help: ArgumentHelp("Files or directories to apply.", valueName: "path"), completion: .file())
        var paths: [String] = []

        @OptionGroup var revision: RevisionFlag
        @OptionGroup var connection: KubectlConnectionFlags
        @OptionGroup var apply: KubectlApplyFlags

        @Option(name: .customLong("dry-run"), help: ArgumentHelp("Must be \"none\", \"server\", or \"client\".", valueName: "mode"))
        var dryRun: KubectlOptions.DryRun = .none

        @Flag(help: "Delete Secrets matching --selector that are not in the applied set.")
        var prune = false

        @Option(name: [.customShort("l"), .long], help: ArgumentHelp("Label selector to filter on (for --prune).", valueName: "selector"))
        var selector: String?

        @Option(name: .customLong("prune-allowlist"), help: ArgumentHelp("Kinds --prune may delete (default core/v1/Secret).", valueName: "group/version/kind"))
        var pruneAllowlist: [String] = []

        func run() async throws {
            var options = connection.options
            apply.apply(to: &options)
            options.dryRun = dryRun
            options.prune = prune
            options.selector = selector
            options.pruneAllowlist = pruneAllowlist
            let status = try await ApplyCommand(paths: paths, revision: revision.revision, kubectl: options).run(PluginRuntime.context())
            if status != 0 { throw ExitCode(status) }
        }
    }
}
