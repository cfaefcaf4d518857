import Foundation

/// A temporary directory with an isolated git environment (own HOME, XDG config, global config,
/// no system config, fixed identity), for tests that drive real `git`.
public final class GitSandbox: @unchecked Sendable {
    public let root: TemporaryDirectory
    /// The environment every child process of the test gets (pass extra keys per call).
    public let environment: [String: String?]

    public init(_ label: String = "gitsops-git", extraEnvironment: [String: String?] = [:]) throws {
        root = try TemporaryDirectory(label)
        let home = root.url.appendingPathComponent("home").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: home + "/.gitconfig"))
        var env: [String: String?] = [
            "HOME": home,
            "XDG_CONFIG_HOME": home + "/.config",
            "GIT_CONFIG_GLOBAL": home + "/.gitconfig",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_DIR": nil, "GIT_WORK_TREE": nil, "GIT_INDEX_FILE": nil,
            "SOPS_AGE_KEY": nil, "SOPS_AGE_KEY_FILE": nil, "SOPS_AGE_RECIPIENTS": nil,
        ]
        for (key, value) in extraEnvironment { env[key] = value }
        environment = env
    }

    /// `root/relative`.
    public func url(_ relative: String) -> URL { root.url.appendingPathComponent(relative) }

    /// Runs `git` in `directory` (relative to the sandbox root); throws with its stderr on failure.
    @discardableResult
    public func git(_ arguments: [String], in directory: String = "repo", environment extra: [String: String?] = [:],
                    stdin: Data = Data()) throws -> Command.Result {
        let result = try run("git", arguments, in: directory, environment: extra, stdin: stdin)
        guard result.status == 0 else { throw GitSandboxError(command: "git " + arguments.joined(separator: " "), result: result) }
        return result
    }

    /// Runs any program in `directory` (relative to the sandbox root) with the sandbox environment.
    public func run(_ executable: String, _ arguments: [String], in directory: String = "repo",
                    environment extra: [String: String?] = [:], stdin: Data = Data()) throws -> Command.Result {
        var env = environment
        for (key, value) in extra { env[key] = value }
        let dir = url(directory)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try Command.run(executable, arguments, in: dir, environment: env, stdin: stdin)
    }

    /// Creates `repo` (or `name`) with `git init -b main`.
    public func initRepository(_ name: String = "repo") throws {
        try git(["init", "-q", "-b", "main", url(name).path], in: ".")
    }

    /// Writes `contents` to `relative` under the sandbox root, creating directories.
    public func write(_ relative: String, _ contents: Data) throws {
        let file = url(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: file)
    }

    public func write(_ relative: String, _ text: String) throws { try write(relative, Data(text.utf8)) }

    public func read(_ relative: String) throws -> Data { try Data(contentsOf: url(relative)) }
}

/// A git command that exited non-zero.
public struct GitSandboxError: Error, CustomStringConvertible {
    public let command: String
    public let result: Command.Result
    public var description: String { "\(command) exited \(result.status): \(result.err)" }
}
