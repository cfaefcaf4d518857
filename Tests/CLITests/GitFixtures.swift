import Foundation
import TestSupport
import Testing

/// A sandboxed repository set up the way a user sets one up: an age identity, the built
/// `gitsops` first on PATH, `gitsops init --age`, real `git` for everything else.
final class GitsopsRepository: @unchecked Sendable {
    let sandbox: GitSandbox
    let recipient: String
    /// The identity file (`SOPS_AGE_KEY_FILE` in `withKey`).
    let keyFile: URL

    /// Child environment holding the key.
    var withKey: [String: String?] { ["SOPS_AGE_KEY_FILE": keyFile.path] }
    /// Child environment without any key (the sandbox HOME has no default keys.txt).
    var withoutKey: [String: String?] { ["SOPS_AGE_KEY_FILE": nil] }

    /// `repo` with `gitsops init --age` done (not committed).
    init(_ label: String = "gitsops-cli", initialize: Bool = true) throws {
        let binDir = GitsopsBinary.url.deletingLastPathComponent().path
        let path = binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let root = try TemporaryDirectory(label)
        let keyFile = root.url.appendingPathComponent("age-key.txt")
        let keygen = try Command.run("age-keygen", ["-o", keyFile.path])
        guard keygen.status == 0 else { throw GitSandboxError(command: "age-keygen", result: keygen) }
        self.keyFile = keyFile
        recipient = try Command.run("age-keygen", ["-y", keyFile.path]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        sandbox = try GitSandbox(label, extraEnvironment: ["PATH": path, "TMPDIR": root.path])
        retained = root
        try sandbox.initRepository()
        if initialize {
            let result = try gitsops(["init", "--age", recipient])
            guard result.status == 0 else { throw GitSandboxError(command: "gitsops init", result: result) }
            // init's default rules encrypt only data/stringData of YAML manifests (for Flux); these
            // tests store arbitrary YAML, so every value is encrypted, as for the other formats.
            try write(".sops.yaml", Array("creation_rules:\n  - path_regex: '^secrets/.*$'\n    age: \(recipient)\n".utf8))
        }
    }

    private let retained: TemporaryDirectory

    /// Runs `gitsops` in `directory` (relative to the sandbox) with the key unless told otherwise.
    @discardableResult
    func gitsops(_ arguments: [String], in directory: String = "repo", environment: [String: String?] = [:],
                 stdin: Data = Data()) throws -> Command.Result {
        try sandbox.run(GitsopsBinary.url.path, arguments, in: directory, environment: withKey.merging(environment) { $1 }, stdin: stdin)
    }

    /// Runs `git` (throwing on failure) with the key unless told otherwise.
    @discardableResult
    func git(_ arguments: [String], in directory: String = "repo", environment: [String: String?] = [:],
             stdin: Data = Data()) throws -> Command.Result {
        try sandbox.git(arguments, in: directory, environment: withKey.merging(environment) { $1 }, stdin: stdin)
    }

    /// Runs `git` without throwing.
    func tryGit(_ arguments: [String], in directory: String = "repo", environment: [String: String?] = [:]) throws -> Command.Result {
        try sandbox.run("git", arguments, in: directory, environment: withKey.merging(environment) { $1 })
    }

    func write(_ path: String, _ bytes: [UInt8], in directory: String = "repo") throws {
        try sandbox.write(directory + "/" + path, Data(bytes))
    }

    func write(_ path: String, _ text: String, in directory: String = "repo") throws { try write(path, Array(text.utf8), in: directory) }

    func read(_ path: String, in directory: String = "repo") throws -> [UInt8] { Array(try sandbox.read(directory + "/" + path)) }

    /// `git clone repo <name>`, then `gitsops init` there (config and hooks are per clone).
    @discardableResult
    func cloneAndInit(_ name: String = "clone", environment: [String: String?] = [:]) throws -> Command.Result {
        try git(["clone", "-q", sandbox.url("repo").path, sandbox.url(name).path], in: ".", environment: environment)
        return try gitsops(["init"], in: name, environment: environment)
    }

    /// Everything in the object database, as `git cat-file --batch-all-objects --batch` prints it.
    func allObjects(in directory: String = "repo") throws -> String {
        String(decoding: try git(["cat-file", "--batch-all-objects", "--batch"], in: directory).stdout, as: UTF8.self)
    }

    /// Commits `bytes` as the stored blob of `path`, unfiltered and with hooks skipped (as a broken
    /// tool or a teammate's stray commit would); the working file is left as it is.
    func commitStored(_ path: String, _ bytes: [UInt8], message: String, in directory: String = "repo") throws {
        let id = try git(["hash-object", "-w", "--no-filters", "--stdin"], in: directory, stdin: Data(bytes)).out
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try git(["update-index", "--cacheinfo", "100644,\(id),\(path)"], in: directory)
        try git(["commit", "-q", "--no-verify", "-m", message], in: directory)
    }

    /// `-c key=value` arguments carrying this repository's filter, diff and merge configuration
    /// (for `git clone`, so the clone's own checkout runs the filter).
    func filterConfigArguments(in directory: String = "repo") throws -> [String] {
        let config = try git(["config", "--get-regexp", "^(filter|diff|merge)\\.gitsops\\."], in: directory).out
        return config.split(separator: "\n").flatMap { line -> [String] in
            let parts = line.split(separator: " ", maxSplits: 1)
            return ["-c", "\(parts[0])=\(parts.count > 1 ? String(parts[1]) : "")"]
        }
    }

    /// Object ids in the object database.
    func objectIDs(in directory: String = "repo") throws -> Set<String> {
        Set(try git(["cat-file", "--batch-all-objects", "--batch-check=%(objectname)"], in: directory).out.split(separator: "\n").map(String.init))
    }

    /// The stored bytes of `path` at `revision` (`:path` for the index), unfiltered.
    func stored(_ path: String, at revision: String = "HEAD", in directory: String = "repo") throws -> [UInt8] {
        Array(try git(["cat-file", "blob", "\(revision):\(path)"], in: directory).stdout)
    }

    /// `gitsops decrypt --input-type FORMAT` (MAC verified) of stored bytes, with the key unless told otherwise.
    func decrypt(_ stored: [UInt8], format: String, environment: [String: String?] = [:]) throws -> Command.Result {
        try gitsops(["decrypt", "--input-type", format], environment: environment, stdin: Data(stored))
    }

    /// `sops_ref.py decrypt` (the independent implementation, MAC verified) of stored bytes.
    func referenceDecrypt(_ stored: [UInt8], format: String) throws -> Command.Result {
        let file = sandbox.url("ref-input-\(UUID().uuidString)")
        try Data(stored).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try sandbox.run("python3", [SharedFixtures.sopsRef.path, "decrypt", file.path, "--format", format], in: ".", environment: withKey)
    }

    /// `sops_ref.py plain` of plaintext bytes: the tree decrypt must print.
    func referencePlain(_ plain: [UInt8], format: String) throws -> Command.Result {
        let file = sandbox.url("ref-plain-\(UUID().uuidString)")
        try Data(plain).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try sandbox.run("python3", [SharedFixtures.sopsRef.path, "plain", file.path, "--format", format], in: ".")
    }
}
