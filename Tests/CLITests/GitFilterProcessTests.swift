import Foundation
import TestSupport
import Testing

/// The long-running filter process as git uses it, and as hostile input meets it.
@Suite struct GitFilterProcessTests {
    @Test func oneProcessEncryptsAndDecryptsFiveHundredTwentyFiles() throws {
        let repo = try GitsopsRepository()
        let log = repo.sandbox.url("filter-starts.log").path
        // Count process starts: the configured command logs a line, then becomes the filter.
        let counted = "echo start >> \(log); exec gitsops filter-process"
        try repo.git(["config", "filter.gitsops.process", counted])
        for i in 0..<520 { try repo.write("secrets/s\(i).json", "{\"value\": \"secret-\(i)-plaintext\"}\n") }
        try repo.git(["add", "."])
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "start\n")
        try repo.git(["commit", "-q", "-m", "many"])
        try FileManager.default.removeItem(atPath: log)
        try repo.git(["clone", "-q", "-c", "filter.gitsops.process=\(counted)", "-c", "filter.gitsops.required=true",
                      repo.sandbox.url("repo").path, repo.sandbox.url("clone").path], in: ".")
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "start\n")
        #expect(try repo.read("secrets/s519.json", in: "clone") == Array("{\"value\": \"secret-519-plaintext\"}\n".utf8))
        #expect(!(try repo.allObjects()).contains("-plaintext"))
    }

    @Test(arguments: [
        ("junk", "invalid pkt-line length"),
        ("0016git-filter-client\n000eversion=1\n0000", "gitsops speaks version 2"),
        ("0016git-filter-client\n000eversion=2\n00000015capability=clean\n00000012command=clean\n000fpathname=a\n0000ffff", "exceeds the maximum"),
        ("0016git-filter-client\n000eversion=2\n00000015capability=clean\n00000012command=clean\n000fpathname=a\n0000000aabc", "input ended inside a pkt-line"),
    ])
    func malformedInputEndsWithOneClearErrorAndNoHang(wire: String, message: String) throws {
        let repo = try GitsopsRepository()
        let result = try repo.sandbox.run("timeout", ["20", GitsopsBinary.url.path, "filter-process"], stdin: Data(wire.utf8))
        #expect(result.status == 1)
        let lines = result.err.split(separator: "\n")
        #expect(lines.first?.hasPrefix("gitsops: error: filter protocol: ") == true, "\(result.err)")
        #expect(lines.first?.contains(message) == true, "\(result.err)")
        #expect(lines.count <= 2)
    }
}
