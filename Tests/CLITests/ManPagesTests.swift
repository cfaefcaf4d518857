import Foundation
import TestSupport
import Testing

/// The committed man pages (`man/`) were generated from the current command definitions:
/// `man/dump-help.sha256` is the digest of the argument parser's description of both command trees
/// they came from (regenerate with `man/generate.sh`), and every command has its page.
@Suite struct ManPagesTests {
    static let directory = SharedFixtures.packageRoot.appendingPathComponent("man")

    /// `--experimental-dump-help` of `gitsops` and of `kubectl secrets` (through a kubectl-secrets link).
    static func dumps() throws -> [Data] {
        let dir = try TemporaryDirectory("man")
        let link = dir.url.appendingPathComponent("kubectl-secrets")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: GitsopsBinary.url)
        return try [GitsopsBinary.url, link].map { tool in
            let result = try Command.run(tool.path, ["--experimental-dump-help"])
            #expect(result.status == 0, "\(result.err)")
            return result.stdout
        }
    }

    @Test func committedPagesComeFromTheCurrentDefinitions() throws {
        let digest = try Command.run("sha256sum", [], stdin: try Self.dumps().reduce(Data(), +))
        let committed = try String(contentsOf: Self.directory.appendingPathComponent("dump-help.sha256"), encoding: .utf8)
        #expect(digest.out.prefix(64) == committed.prefix(64), "the man pages are stale: run man/generate.sh")
    }

    @Test func everyCommandHasAPage() throws {
        // A page per command, named as generate-manual names them, `kubectl secrets` as kubectl-secrets.
        func pages(_ command: [String: Any]) -> [String] {
            let name = ((command["superCommands"] as? [String] ?? []) + [command["commandName"] as? String ?? "?"]).joined(separator: ".")
            let file = name.replacingOccurrences(of: "kubectl secrets", with: "kubectl-secrets") + ".1"
            return [file] + (command["subcommands"] as? [[String: Any]] ?? []).flatMap(pages)
        }
        let expected = try Self.dumps().flatMap { dump in
            let root = try #require((try JSONSerialization.jsonObject(with: dump) as? [String: Any])?["command"] as? [String: Any])
            return pages(root)
        }
        let committed = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".1") }
        #expect(expected.contains("gitsops.init.1") && expected.contains("kubectl-secrets.view.1"))
        #expect(Set(committed) == Set(expected), "run man/generate.sh")
    }
}
