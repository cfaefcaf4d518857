import Foundation
import TestSupport
import Testing

/// The binary as a user runs it: version, usage errors, and the kubectl-secrets personality.
@Suite struct EntryTests {
    @Test func versionPrints() throws {
        let result = try GitsopsBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.out == "0.1.0\n")
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
