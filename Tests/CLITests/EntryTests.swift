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
}
