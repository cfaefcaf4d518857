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

    /// Runs `executable` (a path, or a name looked up on PATH) to completion.
    /// `environment` entries are added to (or, with a nil value, removed from) the inherited environment.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String?] = [:], stdin: Data = Data()) throws -> Result {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let inPipe = CloseOnExecPipe(), outPipe = CloseOnExecPipe(), errPipe = CloseOnExecPipe()
        process.standardInput = inPipe.fileHandleForReading
        process.standardOutput = outPipe.fileHandleForWriting
        process.standardError = errPipe.fileHandleForWriting
        try process.run()
        // The child has its own copies; ours would keep the child's end of file from arriving.
        try? inPipe.fileHandleForReading.close()
        try? outPipe.fileHandleForWriting.close()
        try? errPipe.fileHandleForWriting.close()
        // Read both streams concurrently so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data(), err = Data()
        group.enter()
        DispatchQueue.global().async { out = outPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { err = errPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if !stdin.isEmpty { try? inPipe.fileHandleForWriting.write(contentsOf: stdin) }
        try? inPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus, stdout: out, stderr: err)
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
