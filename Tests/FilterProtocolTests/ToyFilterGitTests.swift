import Foundation
import TestSupport
import Testing

/// Real `git` driving the filter protocol (server, delay, errors, fallbacks) through the toy
/// policy of `ToyFilter`, independently of sops.
@Suite struct ToyFilterGitTests {
    static var toy: String { GitsopsBinary.url.deletingLastPathComponent().appendingPathComponent("ToyFilter").path }

    /// Config that routes `secrets/**` through the toy filter (as `-c` arguments for clone).
    static func filterConfig(process: Bool = true) -> [String: String] {
        var config = ["filter.toy.required": "true",
                      "filter.toy.clean": "\(toy) clean %f", "filter.toy.smudge": "\(toy) smudge %f"]
        if process { config["filter.toy.process"] = "\(toy) process" }
        return config
    }

    /// A repository with the toy filter configured and the log in `toy.log`.
    private func makeRepository(process: Bool = true) throws -> GitSandbox {
        let sandbox = try GitSandbox("gitsops-toy")
        try sandbox.initRepository()
        for (key, value) in Self.filterConfig(process: process) { try sandbox.git(["config", key, value]) }
        try sandbox.write("repo/.gitattributes", "secrets/** filter=toy\n")
        return sandbox
    }

    private func env(_ sandbox: GitSandbox) -> [String: String?] { ["TOY_FILTER_LOG": sandbox.url("toy.log").path] }

    private func log(_ sandbox: GitSandbox) -> [String] {
        ((try? String(contentsOf: sandbox.url("toy.log"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    private func clearLog(_ sandbox: GitSandbox) { try? FileManager.default.removeItem(at: sandbox.url("toy.log")) }

    private func clone(_ sandbox: GitSandbox, to name: String = "clone", config: [String: String] = filterConfig()) throws -> Command.Result {
        let args = ["clone", "-q"] + config.sorted { $0.key < $1.key }.flatMap { ["-c", "\($0.key)=\($0.value)"] }
            + [sandbox.url("repo").path, sandbox.url(name).path]
        return try sandbox.git(args, in: ".", environment: env(sandbox))
    }

    private func allObjects(_ sandbox: GitSandbox, in repo: String = "repo") throws -> String {
        try sandbox.git(["cat-file", "--batch-all-objects", "--batch"], in: repo).out
    }

    @Test func addCommitCloneRoundTripsBytesAndStaysClean() throws {
        let sandbox = try makeRepository()
        let files: [String: [UInt8]] = [
            "secrets/a.yaml": Array("password: hunter2-plaintext\n".utf8),
            "secrets/crlf.env": Array("A=alpha-plaintext\r\nB=beta\r\n".utf8),
            "secrets/no-newline.txt": Array("gamma-plaintext".utf8),
            "secrets/binary.bin": [0, 1, 2, 255, 254, 0, 10, 13],
            "secrets/empty": [],
            "public.txt": Array("not a secret\n".utf8),
        ]
        for (path, bytes) in files { try sandbox.write("repo/" + path, Data(bytes)) }
        try sandbox.git(["add", "."], environment: env(sandbox))
        try sandbox.git(["commit", "-q", "-m", "secrets"], environment: env(sandbox))

        let stored = try sandbox.git(["cat-file", "-p", "HEAD:secrets/a.yaml"]).out
        #expect(stored.hasPrefix("TOY:"))
        let objects = try allObjects(sandbox)
        for needle in ["hunter2-plaintext", "alpha-plaintext", "gamma-plaintext"] { #expect(!objects.contains(needle)) }
        #expect(objects.contains("not a secret"))

        _ = try clone(sandbox)
        for (path, bytes) in files { #expect(Array(try sandbox.read("clone/" + path)) == bytes, "\(path)") }
        #expect(try sandbox.git(["status", "--porcelain"], in: "clone", environment: env(sandbox)).out == "")
        let later = Date().addingTimeInterval(5)
        for path in files.keys {
            try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: sandbox.url("clone/" + path).path)
        }
        #expect(try sandbox.git(["status", "--porcelain"], in: "clone", environment: env(sandbox)).out == "")
    }

    @Test func oneProcessServesSixHundredFilesOnAddAndOnCheckout() throws {
        let sandbox = try makeRepository()
        for i in 0..<600 { try sandbox.write("repo/secrets/s\(i).txt", "secret number \(i)\n") }
        try sandbox.git(["add", "."], environment: env(sandbox))
        #expect(log(sandbox).filter { $0 == "start" }.count == 1)
        try sandbox.git(["commit", "-q", "-m", "many"], environment: env(sandbox))
        clearLog(sandbox)
        _ = try clone(sandbox)
        #expect(log(sandbox).filter { $0 == "start" }.count == 1)
        #expect(try String(contentsOf: sandbox.url("clone/secrets/s599.txt"), encoding: .utf8) == "secret number 599\n")
        #expect(try sandbox.git(["status", "--porcelain"], in: "clone", environment: env(sandbox)).out == "")
    }

    @Test func networkSmudgesAreDelayedByRealGitAndStillCheckedOut() throws {
        let sandbox = try makeRepository()
        for i in 0..<5 { try sandbox.write("repo/secrets/slow-\(i).txt", "remote secret \(i)\n") }
        try sandbox.write("repo/secrets/local.txt", "local secret\n")
        try sandbox.git(["add", "."], environment: env(sandbox))
        try sandbox.git(["commit", "-q", "-m", "slow"], environment: env(sandbox))
        clearLog(sandbox)
        _ = try clone(sandbox)
        let delayed = log(sandbox).filter { $0.hasPrefix("delayed ") }
        #expect(Set(delayed) == Set((0..<5).map { "delayed secrets/slow-\($0).txt" }))
        for i in 0..<5 {
            #expect(try String(contentsOf: sandbox.url("clone/secrets/slow-\(i).txt"), encoding: .utf8) == "remote secret \(i)\n")
        }
        #expect(try String(contentsOf: sandbox.url("clone/secrets/local.txt"), encoding: .utf8) == "local secret\n")
        #expect(try sandbox.git(["status", "--porcelain"], in: "clone", environment: env(sandbox)).out == "")
    }

    @Test(arguments: ["FAIL-CLEAN", "ABORT-CLEAN"])
    func aFailedCleanFailsTheAddAndStoresNothing(marker: String) throws {
        let sandbox = try makeRepository()
        try sandbox.git(["add", ".gitattributes"])
        try sandbox.git(["commit", "-q", "-m", "attributes"])
        let before = try sandbox.git(["cat-file", "--batch-all-objects", "--batch-check"]).out
        let plaintext = "token: \(marker) leaked-plaintext\n"
        try sandbox.write("repo/secrets/bad.yaml", plaintext)
        let add = try sandbox.run("git", ["add", "secrets/bad.yaml"], environment: env(sandbox))
        #expect(add.status != 0)
        #expect(add.err.contains("gitsops: error: secrets/bad.yaml: toy policy"))
        #expect(try sandbox.git(["ls-files", "--", "secrets"]).out == "")
        #expect(try sandbox.git(["cat-file", "--batch-all-objects", "--batch-check"]).out == before)
        let hash = try sandbox.git(["hash-object", "--no-filters", "secrets/bad.yaml"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try sandbox.run("git", ["cat-file", "-e", hash]).status != 0)
    }

    @Test func aCheckoutWithoutKeysKeepsCiphertextAndWarnsOnce() throws {
        let sandbox = try makeRepository()
        for i in 0..<4 { try sandbox.write("repo/secrets/nokey-\(i).txt", "locked secret \(i)\n") }
        try sandbox.git(["add", "."], environment: env(sandbox))
        try sandbox.git(["commit", "-q", "-m", "locked"], environment: env(sandbox))
        let result = try clone(sandbox)
        let warnings = result.err.split(separator: "\n").filter { $0.contains("warning") }
        #expect(warnings.count == 1)
        #expect(warnings.first.map(String.init) == "gitsops: warning: left encrypted, as stored: secrets/nokey-0.txt, secrets/nokey-1.txt, "
            + "secrets/nokey-2.txt, secrets/nokey-3.txt (no toy key here); run `gitsops doctor` for details")
        #expect(try String(contentsOf: sandbox.url("clone/secrets/nokey-0.txt"), encoding: .utf8).hasPrefix("TOY:"))
        #expect(try sandbox.git(["status", "--porcelain"], in: "clone", environment: env(sandbox)).out == "")
    }

    @Test func singleShotFallbackWorksWithoutTheProcessFilter() throws {
        let sandbox = try makeRepository(process: false)
        try sandbox.write("repo/secrets/a.txt", "one-shot-plaintext\n")
        try sandbox.git(["add", "."], environment: env(sandbox))
        try sandbox.git(["commit", "-q", "-m", "one"], environment: env(sandbox))
        #expect(try sandbox.git(["cat-file", "-p", "HEAD:secrets/a.txt"]).out.hasPrefix("TOY:"))
        _ = try clone(sandbox, config: Self.filterConfig(process: false))
        #expect(try String(contentsOf: sandbox.url("clone/secrets/a.txt"), encoding: .utf8) == "one-shot-plaintext\n")
        #expect(log(sandbox).filter { $0 == "start" }.count >= 2) // one process per file and direction
    }

    @Test(arguments: [
        ("0016git-filter-client\n000eversion=3\n0000", "gitsops speaks version 2"),
        ("0016git-filter-client\n000eversion=2\n0000zzzz", "invalid pkt-line length"),
        ("0017git-filter-client\n", "input ended inside a pkt-line"),
        ("0016git-filter-client\n000eversion=2\n00000015capability=clean\n0000004", "input ended inside a pkt-line"),
    ])
    func malformedProtocolExitsNonZeroWithOneClearLine(wire: String, message: String) throws {
        let result = try Command.run("timeout", ["10", Self.toy, "process"], stdin: Data(wire.utf8))
        #expect(result.status == 1)
        #expect(result.err.contains(message), "\(result.err)")
        #expect(result.err.split(separator: "\n").count == 1)
    }
}
