import Foundation

/// A test server from `Tests/Servers/` (a Python script) running as a child process.
///
/// The script prints one JSON line describing itself (`port`, `url`, `ca`, …), then answers
/// one-line commands on stdin with one JSON line each. `stop()` (or deinit) closes stdin, which
/// ends the server; the script also dies with this process.
///
/// Async tests use `start` and `send`: they wait for the server on a thread of their own, never
/// blocking the few threads Swift concurrency runs every test's tasks on.
public final class TestServer: @unchecked Sendable {
    /// A command's decoded JSON reply.
    public struct Reply: @unchecked Sendable {
        public let values: [String: Any]
        public subscript(key: String) -> Any? { values[key] }
    }

    /// Starts the server off the concurrency thread pool (see `init`).
    public static func start(_ script: String, _ arguments: [String] = [], environment: [String: String] = [:]) async throws -> TestServer {
        try await offPool { try TestServer(script, arguments, environment: environment) }
    }

    /// Sends one command line off the concurrency thread pool and returns the reply.
    @discardableResult
    public func send(_ line: String) async throws -> Reply {
        try await Self.offPool { Reply(values: try self.command(line)) }
    }

    private static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// The server's self-description (first line of its output).
    public let info: [String: Any]
    private let process: ChildProcess
    private let input: FileHandle
    private let output: LineReader
    private let lock = NSLock()
    private var stopped = false

    /// Starts `Tests/Servers/<script>` with `arguments`; waits up to `timeout` for it to describe itself.
    public init(_ script: String, _ arguments: [String] = [], environment: [String: String] = [:],
                timeout: TimeInterval = 60) throws {
        var env = ProcessInfo.processInfo.environment
        env["PYTHONUNBUFFERED"] = "1"
        for (key, value) in environment { env[key] = value }
        let inPipe = CloseOnExecPipe(), outPipe = CloseOnExecPipe()
        process = try ChildProcess("/usr/bin/env", ["python3", TestServer.scriptsDirectory.appendingPathComponent(script).path] + arguments,
                                   environment: env, stdin: .descriptor(inPipe.fileHandleForReading.fileDescriptor),
                                   stdout: .descriptor(outPipe.fileHandleForWriting.fileDescriptor))
        // The server has its own copies; ours would keep it from seeing its stdin close.
        try? inPipe.fileHandleForReading.close()
        try? outPipe.fileHandleForWriting.close()
        input = inPipe.fileHandleForWriting
        output = LineReader(outPipe.fileHandleForReading)
        guard let line = output.next(timeout: timeout),
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            process.stop()
            throw TestServerError("\(script) did not start")
        }
        info = object
    }

    deinit { stop() }

    public var port: Int { info["port"] as? Int ?? 0 }
    /// `http(s)://127.0.0.1:<port>`.
    public var url: String { info["url"] as? String ?? "" }
    /// The CA certificate (PEM path) of a TLS server.
    public var caPath: String? { info["ca"] as? String }

    /// Sends one command line and returns the decoded JSON reply.
    @discardableResult
    public func command(_ line: String, timeout: TimeInterval = 60) throws -> [String: Any] {
        lock.lock()
        defer { lock.unlock() }
        try input.write(contentsOf: Data((line + "\n").utf8))
        guard let reply = output.next(timeout: timeout),
              let object = try JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any] else {
            throw TestServerError("no reply to \(line)")
        }
        if let error = object["error"] as? String { throw TestServerError(error) }
        return object
    }

    /// Ends the server (idempotent): closes its stdin and terminates it without waiting for a
    /// graceful shutdown (test servers keep no state worth saving).
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        try? input.close()
        process.stop()
    }

    static var scriptsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Servers")
    }
}

public struct TestServerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Reads lines from a pipe with a timeout.
public final class LineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var buffer = Data()

    public init(_ handle: FileHandle) { self.handle = handle }

    /// The next line without its line break; nil at end of file or after `timeout` seconds.
    public func next(timeout: TimeInterval) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let newline = buffer.firstIndex(of: 0x0a) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                return String(decoding: line, as: UTF8.self)
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            var pfd = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, Int32(min(remaining, 1) * 1000)) >= 0 else { return nil }
            if pfd.revents == 0 { continue }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }  // EOF
            buffer.append(chunk)
        }
    }
}
