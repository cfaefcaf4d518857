import Foundation
import TestSupport

/// A git repository with sops-encrypted Secret manifests (JSON, written by sops_ref.py, the
/// independent implementation of the format, where it is there; see `writeSecret`), and the binary
/// linked as `kubectl-secrets`.
final class PluginSandbox: @unchecked Sendable {
    static let ageIdentity = "AGE-SECRET-KEY-1G0Q5K9TV4REQ3ZSQRMTMG8NSWQGYT0T7TZ33RAZEE0GZYVZN0APSU24RK7"
    static let ageRecipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun"

    let root: TemporaryDirectory
    var repo: URL { root.url.appendingPathComponent("repo") }
    var bin: URL { root.url.appendingPathComponent("bin") }
    var plugin: String { bin.appendingPathComponent("kubectl-secrets").path }
    var environment: [String: String?] = [:]

    init() throws {
        root = try TemporaryDirectory("gitsops-plugin")
        environment = [:]
        try FileManager.default.createDirectory(at: repo.appendingPathComponent("secrets"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: plugin, withDestinationPath: GitsopsBinary.url.path)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        environment = ["SOPS_AGE_KEY": Self.ageIdentity, "SOPS_AGE_KEY_FILE": nil, "KUBE_EDITOR": nil, "EDITOR": nil,
                       "KUBECONFIG": nil, "HOME": root.path, "PATH": bin.path + ":" + path,
                       "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"]
        try git(["init", "-q", "-b", "main"])
    }

    @discardableResult
    func git(_ arguments: [String]) throws -> Command.Result {
        let result = try Command.run("git", arguments, in: repo, environment: environment)
        guard result.status == 0 else { throw SandboxError("git \(arguments.joined(separator: " ")): \(result.err)") }
        return result
    }

    /// Writes `secrets/<name>.json`: a Secret with `data`, encrypted for the test age key by the
    /// independent sops_ref.py where it is beside the checkout (CI), else by `gitsops encrypt`:
    /// these tests are about the plugin, which reads both the same (InteropTests check that).
    func writeSecret(_ name: String, namespace: String = "default", data: [String: String]) throws {
        // Laid out as sops prints JSON (tabs), so both encryptors' files decrypt to the same bytes.
        let encoded = data.keys.sorted().map { "\t\t\"\($0)\": \"\(Data(data[$0]!.utf8).base64EncodedString())\"" }.joined(separator: ",\n")
        let plain = """
            {
            \t"apiVersion": "v1",
            \t"kind": "Secret",
            \t"metadata": {
            \t\t"name": "\(name)",
            \t\t"namespace": "\(namespace)"
            \t},
            \t"data": {
            \(encoded)
            \t}
            }

            """
        let plainFile = root.url.appendingPathComponent("\(name).plain.json")
        try Data(plain.utf8).write(to: plainFile)
        defer { try? FileManager.default.removeItem(at: plainFile) }
        let (executable, prefix) = SharedFixtures.hasSopsRef ? ("python3", [SharedFixtures.sopsRef.path]) : (GitsopsBinary.url.path, [])
        let result = try Command.run(executable, prefix + ["encrypt", plainFile.path, "--age", Self.ageRecipient,
                                                           "--encrypted-regex", "^(data|stringData)$"], environment: environment)
        guard result.status == 0 else { throw SandboxError("\(executable) encrypt: \(result.err)") }
        try result.stdout.write(to: repo.appendingPathComponent("secrets/\(name).json"))
    }

    /// Writes `.sops.yaml`: files under `secrets/` for the test age key, `data` and `stringData` encrypted.
    func writeSopsConfig() throws {
        try Data("""
            creation_rules:
              - path_regex: ^secrets/
                encrypted_regex: ^(data|stringData)$
                age: \(Self.ageRecipient)

            """.utf8).write(to: repo.appendingPathComponent(".sops.yaml"))
    }

    /// Writes `relative` encrypted by `gitsops encrypt` per `.sops.yaml` (comments and layout kept).
    func writeEncrypted(_ relative: String, _ plaintext: String) throws {
        try writeSopsConfig()
        let file = repo.appendingPathComponent(relative)
        try Data(plaintext.utf8).write(to: file)
        let result = try Command.run(GitsopsBinary.url.path, ["encrypt", "-i", relative], in: repo, environment: environment)
        guard result.status == 0 else { throw SandboxError("gitsops encrypt: \(result.err)") }
    }

    /// The plaintext of an encrypted file, byte for byte, by `gitsops decrypt`.
    func plaintext(_ relative: String) throws -> String {
        let result = try Command.run(GitsopsBinary.url.path, ["decrypt", relative], in: repo, environment: environment)
        guard result.status == 0 else { throw SandboxError("gitsops decrypt: \(result.err)") }
        return result.out
    }

    /// The decrypted tree of a JSON or YAML file (MAC verified), by the independent sops_ref.py where
    /// it is beside the checkout (CI), else by `gitsops decrypt --output-type json`.
    func decrypt(_ relative: String) throws -> [String: Any] {
        let file = repo.appendingPathComponent(relative).path
        let (executable, arguments) = SharedFixtures.hasSopsRef ? ("python3", [SharedFixtures.sopsRef.path, "decrypt", file])
                                                                : (GitsopsBinary.url.path, ["decrypt", "--output-type", "json", file])
        let result = try Command.run(executable, arguments, environment: environment)
        guard result.status == 0 else { throw SandboxError("\(executable) decrypt: \(result.err)") }
        return try JSONSerialization.jsonObject(with: result.stdout) as! [String: Any]
    }

    /// The encrypted values (`ENC[...]` strings) of a file's `data`.
    func ciphertexts(_ relative: String) throws -> [String: String] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: repo.appendingPathComponent(relative))) as! [String: Any]
        return object["data"] as? [String: String] ?? [:]
    }

    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String?] = [:], stdin: Data = Data()) throws -> Command.Result {
        try Command.run(plugin, arguments, in: repo, environment: environment.merging(extra) { $1 }, stdin: stdin)
    }

    /// An executable shell script in the sandbox (an editor, say).
    func script(_ name: String, _ body: String) throws -> String {
        let url = root.url.appendingPathComponent(name)
        try Data(("#!/bin/sh\n" + body).utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }
}

struct SandboxError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The loopback Kubernetes API server (Tests/Servers/kube_api.py) and a kubeconfig pointing at it.
final class KubeAPIServer: @unchecked Sendable {
    let process: ChildProcess
    let port: Int
    let kubeconfig: URL

    init(in directory: TemporaryDirectory, seed: [[String: Any]] = []) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Servers/kube_api.py")
        let seedFile = directory.url.appendingPathComponent("seed-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: seed).write(to: seedFile)
        let output = CloseOnExecPipe()
        // Port 0: the server binds a port the kernel picks and says which (no race with other tests).
        process = try ChildProcess("/usr/bin/env", ["python3", script.path, "0", seedFile.path],
                                   environment: ProcessInfo.processInfo.environment,
                                   stdout: .descriptor(output.fileHandleForWriting.fileDescriptor))
        try? output.fileHandleForWriting.close()
        let line = LineReader(output.fileHandleForReading).next(timeout: 60) ?? ""
        let words = line.split(separator: " ")
        guard words.count == 2, words[0] == "ready", let bound = Int(words[1]) else {
            process.stop()
            throw SandboxError("kube_api.py did not get ready within 60 s (it said \"\(line)\")")
        }
        port = bound
        kubeconfig = directory.url.appendingPathComponent("kubeconfig-\(port)")
        try Data("""
            apiVersion: v1
            kind: Config
            clusters: [{name: test, cluster: {server: "http://127.0.0.1:\(port)"}}]
            users: [{name: test, user: {token: test}}]
            contexts: [{name: test, context: {cluster: test, user: test, namespace: default}}]
            current-context: test
            """.utf8).write(to: kubeconfig)
    }

    /// What the server received (method, path, query, body) in order.
    func requests() throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: fetch("/_test/requests")) as! [[String: Any]]
    }

    /// The objects the server holds.
    func objects() throws -> [[String: Any]] {
        try JSONSerialization.jsonObject(with: fetch("/_test/objects")) as! [[String: Any]]
    }

    /// A test hook's body (Foundation on Linux cannot load http URLs with `Data(contentsOf:)`).
    private func fetch(_ path: String) throws -> Data {
        let script = "import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())"
        let result = try Command.run("python3", ["-c", script, "http://127.0.0.1:\(port)\(path)"])
        guard result.status == 0 else { throw SandboxError("GET \(path): \(result.err)") }
        return result.stdout
    }

    /// Stops the server (tests call it in a `defer`; the server also exits when this process dies).
    func stop() { process.stop() }

    deinit { stop() }
}
