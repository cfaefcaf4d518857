import Crypto
import Platform
import Subprocess
import Synchronization
import SystemPackage
import TextEncoding

/// One run of `age-plugin-<name> --age-plugin=<state machine>` (C2SP age-plugin.md): sends phase 1,
/// then answers the plugin's phase 2 commands until `done`. The plugin is found on the PATH of the
/// environment gitsops was given, runs in the temporary directory (as age runs it), and its stderr is
/// the user's terminal. Its stdout is hostile input: bounded, and never quoted beyond a short message.
struct AgePluginClient {
    /// How long the plugin may take to send its next command (a hardware token may wait for a touch);
    /// time spent waiting for the user at the terminal does not count.
    static let defaultExchangeTimeout = Duration.seconds(60)
    /// More phase 2 commands than this is a plugin in a loop.
    static let maxCommands = 256
    /// Messages and errors the plugin sends are shown cut to this many characters.
    static let maxMessageLength = 512

    let name: String
    let environment: [String: String]
    /// Which identities the run is for, in errors (`the plugin identity in …`); a recipient is
    /// already named by the error's key.
    var subject: String?
    var exchangeTimeout = Self.defaultExchangeTimeout

    var executable: String { "age-plugin-\(name)" }

    /// Runs `stateMachine` with the encoded `phase1` stanzas; `handle` takes the state machine's own
    /// commands (`recipient-stanza`, `file-key`) and returns false for any it does not know.
    func run(_ stateMachine: String, phase1: [UInt8],
             handle: (AgeStanza) throws(AgeError) -> Bool) async throws(AgeError) {
        let environment = Dictionary(uniqueKeysWithValues: self.environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })
        var configuration = Configuration(executable: .name(executable), arguments: ["--age-plugin=\(stateMachine)"],
                                          environment: .custom(environment),
                                          workingDirectory: FilePath(self.environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"))
        configuration.platformOptions.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: .seconds(1))]
        let watchdog = Watchdog(timeout: exchangeTimeout)
        var session = Session(client: self)
        do {
            _ = try await Subprocess.run(configuration, input: .inputWriter, output: .sequence, error: .currentStandardError) { execution in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        // Ends by cancellation once the conversation is over.
                        while true {
                            try await Task.sleep(for: .milliseconds(200))
                            if watchdog.expired() { return try execution.send(signal: .kill) }
                        }
                    }
                    defer { group.cancelAll() }
                    try await session.converse(execution, phase1: phase1, watchdog: watchdog, handle: handle)
                    // A plugin that ignores the end of its input must not keep a git filter waiting.
                    try await execution.standardInputWriter.finish()
                    let pid = execution.processIdentifier.value
                    for _ in 0..<100 where !ProcessTable.hasExited(pid) { try await Task.sleep(for: .milliseconds(50)) }
                    if !ProcessTable.hasExited(pid) { try execution.send(signal: .kill) }
                }
            }
        } catch _ where watchdog.timedOut {
            throw failure("sent nothing for \(exchangeTimeout)", session)
        } catch let error as AgeError {
            throw failure(error.message, session)
        } catch let error as SubprocessError where error.code == .failedToWriteToSubprocess {
            throw failure("exited before the protocol finished", session)
        } catch let error as SubprocessError where error.code == .executableNotFound {
            var notFound = failure("\(executable) is not on PATH", session)
            notFound.hint = "install \(executable) in a directory on PATH (gitsops runs it as age and sops do)"
            throw notFound
        } catch {
            throw failure("stopped before the protocol finished (\(error))", session)
        }
    }

    /// `age-plugin-<name> (<subject>): <message>`, saying so when a question went unanswered.
    private func failure(_ message: String, _ session: Session) -> AgeError {
        var text = executable + (subject.map { " (\($0))" } ?? "") + ": " + message
        if let question = session.unanswered {
            text += "; it asked \(question) and there is no terminal to answer on"
        }
        return AgeError(.failed, text)
    }

    /// A plugin's text, shown to the user: printable ASCII, cut short.
    static func printable(_ bytes: [UInt8]) -> String {
        let visible = bytes.prefix(maxMessageLength).map { (0x20...0x7E).contains($0) ? $0 : UInt8(ascii: "?") }
        return String(decoding: visible, as: UTF8.self) + (bytes.count > maxMessageLength ? "…" : "")
    }
}

extension AgePluginClient {
    /// Phase 2 as the client sees it: read a command, answer it.
    struct Session {
        let client: AgePluginClient
        /// The last question the plugin asked that could not be answered (no terminal), for errors.
        var unanswered: String?
        /// The plugin's `error`, thrown once it has been acknowledged.
        var reported: AgeError?

        mutating func converse(_ execution: Execution<CustomWriteInput, SequenceOutput, FileDescriptorOutput>,
                               phase1: [UInt8], watchdog: Watchdog,
                               handle: (AgeStanza) throws(AgeError) -> Bool) async throws {
            let writer = execution.standardInputWriter
            _ = try await writer.write(phase1)
            var reader = AgePluginStanzaReader()
            defer { reader.clear() }
            var output = execution.standardOutput.makeAsyncIterator()
            var commands = 0
            while true {
                while var command = try reader.next() {
                    defer { Memory.zero(&command.body) }
                    commands += 1
                    guard commands <= AgePluginClient.maxCommands else {
                        throw AgeError(.failed, "sent more than \(AgePluginClient.maxCommands) commands")
                    }
                    guard var reply = try answer(command, watchdog: watchdog, handle: handle) else { return }
                    defer { Memory.zero(&reply) }
                    _ = try await writer.write(reply)
                    if let reported { throw reported }
                    watchdog.restart()
                }
                guard let buffer = try await output.next() else {
                    throw AgeError(.failed, "exited before the protocol finished")
                }
                buffer.withUnsafeBytes { reader.append($0) }
            }
        }

        /// The encoded reply to `command`, or nil for `done`.
        private mutating func answer(_ command: AgeStanza, watchdog: Watchdog,
                                     handle: (AgeStanza) throws(AgeError) -> Bool) throws(AgeError) -> [UInt8]? {
            switch command.type {
            case "done":
                return nil
            case "error":
                let kind = AgePluginClient.printable(Array(command.arguments.joined(separator: " ").utf8))
                reported = AgeError(.failed, "reported an error (\(kind)): \(AgePluginClient.printable(command.body))")
                return Self.encode("ok")
            case "msg":
                let line = "\(client.executable): \(AgePluginClient.printable(command.body))\n"
                _ = try? FileDescriptor.standardError.writeAll(Array(line.utf8))
                return Self.encode("ok")
            case "request-secret", "request-public":
                let prompt = AgePluginClient.printable(command.body)
                guard let value = watchdog.pausing({ AgePluginTerminal.ask(prompt, secret: command.type == "request-secret") }) else {
                    unanswered = "for \(command.type == "request-secret" ? "a secret" : "a value") (\"\(prompt)\")"
                    return Self.encode("fail")
                }
                return Self.encode("ok", body: value.unsafeArray())
            case "confirm":
                // The choices (yes, then optionally no) are base64, like a body.
                let choices = command.arguments.compactMap { Base64.decode($0, .raw) }.map(AgePluginClient.printable)
                guard (1...2).contains(command.arguments.count), choices.count == command.arguments.count else {
                    throw AgeError(.failed, "sent a malformed confirm command")
                }
                let prompt = "\(AgePluginClient.printable(command.body)) [\(choices.joined(separator: "/"))]"
                guard let value = watchdog.pausing({ AgePluginTerminal.ask(prompt, secret: false) }) else {
                    unanswered = "for a confirmation (\"\(prompt)\")"
                    return Self.encode("fail")
                }
                let yes = String(decoding: value.unsafeArray(), as: UTF8.self) == choices[0]
                return Self.encode("ok", arguments: [yes ? "yes" : "no"])
            default:
                return Self.encode(try handle(command) ? "ok" : "unsupported")
            }
        }

        private static func encode(_ type: String, arguments: [String] = [], body: [UInt8] = []) -> [UInt8] {
            var out = [UInt8]()
            AgeFormat.encode(AgeStanza(type: type, arguments: arguments, body: body), into: &out)
            return out
        }
    }

    /// The per-exchange deadline: restarted after each answer, paused while the user is asked.
    final class Watchdog: Sendable {
        private let timeout: Duration
        private let deadline: Mutex<ContinuousClock.Instant?>
        private let fired = Atomic<Bool>(false)

        init(timeout: Duration) {
            self.timeout = timeout
            deadline = Mutex(.now + timeout)
        }

        var timedOut: Bool { fired.load(ordering: .relaxed) }

        func restart() { deadline.withLock { [timeout] in $0 = .now + timeout } }

        /// Runs `body` (a terminal prompt) without a deadline, then restarts it.
        func pausing<T>(_ body: () -> T) -> T {
            deadline.withLock { $0 = nil }
            defer { restart() }
            return body()
        }

        /// Whether the deadline has passed; remembered for the error message.
        func expired() -> Bool {
            let passed = deadline.withLock { $0.map { $0 < .now } ?? false }
            if passed { fired.store(true, ordering: .relaxed) }
            return passed
        }
    }
}

extension AgePluginClient {
    /// A plugin name becomes part of an executable's name: lower-case letters, digits, `.`, `_`, `+`, `-`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || Array("._+-".utf8).contains($0)
        }
    }
}
