import Foundation
import TestSupport
import Testing

/// The binary as a user runs it: version, usage errors, and the kubectl-secrets personality.
@Suite struct EntryTests {
    @Test func versionNamesTheReleaseAndTheCommitItWasBuiltFrom() throws {
        let root = SharedFixtures.packageRoot
        let version = try String(contentsOf: root.appendingPathComponent("VERSION"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        // The build writes HEAD of the checkout it builds (install.sh --test builds right before testing).
        var commit = "unknown"
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path) {
            commit = try Command.run("git", ["-C", root.path, "rev-parse", "--short=12", "HEAD"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let result = try GitsopsBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.out == "gitsops \(version) (commit \(commit))\n")
    }

    @Test func aBuildOutsideAGitCheckoutSaysTheCommitIsUnknown() throws {
        let script = SharedFixtures.packageRoot.appendingPathComponent("Plugins/BuildInfo/build-info.sh").path
        let tree = try TemporaryDirectory("build-info")
        try Data("1.2.3\n".utf8).write(to: tree.url.appendingPathComponent("VERSION"))
        let out = tree.url.appendingPathComponent("out")
        #expect(try Command.run("sh", [script, tree.path, out.path]).status == 0)
        let generated = try String(contentsOf: out.appendingPathComponent("BuildInfo.swift"), encoding: .utf8)
        #expect(generated.contains("static let version = \"1.2.3\"") && generated.contains("static let commit = \"unknown\""), "\(generated)")

        try Data("1.2.3\"; evil\n".utf8).write(to: tree.url.appendingPathComponent("VERSION"))
        let refused = try Command.run("sh", [script, tree.path, out.path])
        #expect(refused.status == 1)
        #expect(refused.err.contains("VERSION must hold a version like 1.2.3"))
    }

    @Test func unknownOptionIsAUsageErrorWithExitCode2() throws {
        let result = try GitsopsBinary.run(["--no-such-flag"])
        #expect(result.status == 2)
        #expect(result.err.contains("Unknown option '--no-such-flag'"))
    }

    @Test func invokedAsKubectlSecretsShowsThePluginTree() throws {
        let dir = try TemporaryDirectory()
        let link = dir.url.appendingPathComponent("kubectl-secrets")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: GitsopsBinary.url)
        let result = try Command.run(link.path, ["--help"])
        #expect(result.status == 0)
        #expect(result.out.contains("USAGE: kubectl secrets"))
    }

    /// No subcommand is a usage error, as in git: the help on stdout (where git prints it), exit 2;
    /// the same for `kubectl secrets` alone.
    @Test func noSubcommandPrintsTheHelpAndExits2() throws {
        let bare = try GitsopsBinary.run([])
        #expect(bare.status == 2)
        #expect(bare.out == (try GitsopsBinary.run(["--help"])).out)
        #expect(bare.out.hasPrefix("OVERVIEW: Keep Kubernetes secrets in git encrypted with SOPS, transparently.\n"))
        #expect(bare.err.isEmpty)
        let dir = try TemporaryDirectory()
        let link = dir.url.appendingPathComponent("kubectl-secrets")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: GitsopsBinary.url)
        let plugin = try Command.run(link.path, [])
        #expect(plugin.status == 2)
        #expect(plugin.out == (try Command.run(link.path, ["--help"])).out)
        #expect(plugin.out.contains("USAGE: kubectl secrets <subcommand>"))
    }
}
