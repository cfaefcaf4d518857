import Foundation

/// Runs external programs (the built `gitsops`, `git`, `age`, `gpg`, `kubectl`, python) in tests.
public enum Command {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        public var out: String { String(decoding: stdout, as: UTF8.self) }
        public var err: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// How long a command may run before it is killed and `run` throws (no test command comes close).
    public static let timeLimit: TimeInterval = 300

    /// Runs `executable` (a path, or a name looked up on PATH) to completion.
    /// `environment` entries are added to (or, with a nil value, removed from) the inherited environment.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String?] = [:], stdin: Data = Data(),
                           timeLimit: TimeInterval = Command.timeLimit) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let input = try CloseOnExecPipe.descriptors(), output = try CloseOnExecPipe.descriptors(),
            errors = try CloseOnExecPipe.descriptors()
        let (path, argv) = executable.contains("/") ? (executable, arguments) : ("/usr/bin/env", [executable] + arguments)
        let child: ChildProcess
        do {
            child = try ChildProcess(path, argv, directory: directory?.path, environment: env,
                                     stdin: .descriptor(input.read), stdout: .descriptor(output.write),
                                     stderr: .descriptor(errors.write))
        } catch {
            for fd in [input.read, input.write, output.read, output.write, errors.read, errors.write] { close(fd) }
            throw error
        }
        // The child has its own copies; ours would keep the child's end of file from arriving.
        for fd in [input.read, output.write, errors.write] { close(fd) }
        var exchange = PipeExchange(input: Array(stdin), to: input.write, from: [output.read, errors.read])
        defer { exchange.closeAll() }
        let deadline = Date().addingTimeInterval(timeLimit)
        func timedOut() -> CommandTimedOut {
            child.signal(SIGKILL)
            child.wait()
            return CommandTimedOut(command: ([executable] + arguments).joined(separator: " "), seconds: timeLimit,
                                   stderr: String(decoding: exchange.collected[1], as: UTF8.self))
        }
        var exitedAt: Date?
        // Until both outputs end; a grandchild still holding them (a daemon) gets 10 s after the exit.
        while !exchange.outputsEnded {
            if exitedAt == nil, child.exited != nil { exitedAt = Date() }
            if let exitedAt, Date().timeIntervalSince(exitedAt) > 10 { break }
            guard Date() < deadline else { throw timedOut() }
            exchange.step(alsoWatching: exitedAt == nil ? child.exitDescriptor : -1, timeout: 0.5)
        }
        exchange.closeAll()
        guard let ended = child.wait(timeout: deadline.timeIntervalSinceNow) else { throw timedOut() }
        return Result(status: ended.status, stdout: Data(exchange.collected[0]), stderr: Data(exchange.collected[1]))
    }

    /// Whether `name` is on PATH.
    public static func exists(_ name: String) -> Bool {
        (try? run("/bin/sh", ["-c", "command -v \(name)"]).status) == 0
    }
}

/// The `gitsops` executable built next to the test bundle.
public enum GitsopsBinary {
    public static var url: URL {
        if let override = ProcessInfo.processInfo.environment["GITSOPS_BIN"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDir, bundleDir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("gitsops")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        // `swift test` runs the bundle from .build/<triple>/debug; fall back to .build/debug.
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let url = dir.appendingPathComponent(".build/debug/gitsops")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            dir = dir.deletingLastPathComponent()
        }
        return bundleDir.appendingPathComponent("gitsops")
    }

    /// Runs `gitsops` with the arguments.
    @discardableResult
    public static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String?] = [:],
                           stdin: Data = Data()) throws -> Command.Result {
        try Command.run(url.path, arguments, in: directory, environment: environment, stdin: stdin)
    }
}
