import ArgumentParser
import KubectlPlugin

extension KubectlSecrets {
    /// `kubectl secrets diff`.
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "Show which keys applying would add, remove or change; values masked.",
            discussion: """
                Compares the decrypted manifests with the live objects (kubectl get, and a server-side
                dry-run apply for the result), or with --git the working tree with a revision. Prints, per
                object, the keys added (+), removed (-) and changed (~). Values stay masked unless
                --show-values is given; --fingerprint adds, beside each masked value, a short fingerprint \
                keyed by the file's data key: equal fingerprints, equal values, so two clusters or \
                revisions can be compared without showing them. Plaintext only travels through pipes to kubectl.

                Exit status: 0 no changes, 1 changes, greater than 1 an error (as kubectl diff).

                Examples:
                  # What would apply change in the cluster?
                  kubectl secrets diff secrets/ --context prod

                  # What changed since the last commit, and between two revisions
                  kubectl secrets diff --git
                  kubectl secrets diff --git --rev main..feature secrets/

                  # Does staging hold the same password as prod?
                  kubectl secrets diff --fingerprint secrets/db.yaml --context staging
                """)

        @Argument(help: ArgumentHelp("Files or directories to compare.", valueName: "path"), completion: .file())
        var paths: [String] = []

        @Flag(help: "Compare with a git revision instead of the cluster (--rev, default HEAD).")
        var git = false

        @Option(name: .customLong("rev"), help: ArgumentHelp("With --git: REV (against the working tree) or REV..REV2.", valueName: "revision"))
        var revision: String?

        @Flag(name: .customLong("show-values"), help: "Print the values that differ instead of masking them.")
        var showValues = false

        @Flag(help: "Beside each masked value, a short fingerprint keyed by the file's data key (equal values, equal fingerprints).")
        var fingerprint = false

        @OptionGroup var connection: KubectlConnectionFlags
        @OptionGroup var apply: KubectlApplyFlags

        func validate() throws {
            if revision != nil && !git {
                throw ValidationError("--rev needs --git (diff against the cluster always uses the working tree)")
            }
            if fingerprint && showValues {
                throw ValidationError("--fingerprint and --show-values exclude each other: fingerprints stand in for masked values")
            }
        }

        func run() async throws {
            var options = connection.options
            apply.apply(to: &options)
            let target: DiffCommand.Target = git ? DiffCommand.gitTarget(revision ?? "HEAD") : .cluster
            let command = DiffCommand(paths: paths, target: target, showValues: showValues, fingerprint: fingerprint, kubectl: options)
            let status = try await PluginRuntime.exitingAboveOne { try await command.run(PluginRuntime.context()) }
            if status != 0 { throw ExitCode(status) }
        }
    }
}
