/// The filter side of the protocol as a state machine: feed it git's packets one at a time; it
/// answers the handshake itself and hands out each complete command. It does no I/O.
///
///     hello ──flush──▶ capabilities ──flush──▶ headers ──flush──▶ content ──flush──▶ (command)
///                                               ▲   └─ list_available_blobs ─flush──▶ (command)
///                                               └──────────── next command ◀────────────┘
struct FilterSession: Sendable {
    /// What to do after a packet.
    enum Action: Equatable, Sendable {
        /// Send this handshake message to git.
        case reply(FilterMessage)
        /// Run this command and send git its answer; the session then expects the next command.
        case handle(FilterCommand)
    }

    enum State: Sendable {
        case awaitingHello
        case readingVersions([Int])
        case readingCapabilities([String])
        case readingHeaders([(key: String, value: String)])
        case readingContent(FilterCommand)
    }

    /// The protocol version gitsops speaks.
    static let version = 2
    /// What gitsops can do, in the order it answers them.
    static let supportedCapabilities = ["clean", "smudge", "delay"]

    private var state: State = .awaitingHello
    /// The expected content size of a command (a hint: its content is reserved at once).
    var expectedContentSize: (@Sendable (FilterCommand) -> Int?)?
    /// The capabilities both sides agreed on (empty until the handshake is done).
    private(set) var capabilities: Set<String> = []

    /// The most `expectedContentSize` reserves (a hint, not a limit).
    static let maximumReservation = 1 << 32

    init() {}

    /// Whether the input may end here: before the handshake or between two commands.
    var mayEnd: Bool {
        switch state {
        case .awaitingHello: true
        case .readingHeaders(let headers): headers.isEmpty
        default: false
        }
    }

    /// Where the session is, for error messages.
    var position: String {
        switch state {
        case .awaitingHello: "before the handshake"
        case .readingVersions: "in the version handshake"
        case .readingCapabilities: "in the capability handshake"
        case .readingHeaders: "in a command's headers"
        case .readingContent(let command): "in the content of \(command.pathname)"
        }
    }

    mutating func receive(_ packet: PktLine) throws(FilterProtocolError) -> Action? {
        switch state {
        case .awaitingHello:
            guard packet.text == "git-filter-client" else {
                throw .malformed("expected git-filter-client, got \(describe(packet))")
            }
            state = .readingVersions([])
            return nil

        case .readingVersions(var versions):
            if packet == .flush {
                guard versions.contains(Self.version) else {
                    throw .malformed("git offered protocol versions \(versions), gitsops speaks version \(Self.version)")
                }
                state = .readingCapabilities([])
                return .reply(.serverHello(version: Self.version))
            }
            guard let value = value(of: packet, key: "version"), let version = Int(value) else {
                throw .malformed("expected version=N, got \(describe(packet))")
            }
            versions.append(version)
            state = .readingVersions(versions)
            return nil

        case .readingCapabilities(var offered):
            if packet == .flush {
                let agreed = Self.supportedCapabilities.filter(offered.contains)
                capabilities = Set(agreed)
                state = .readingHeaders([])
                return .reply(.capabilities(agreed))
            }
            guard let name = value(of: packet, key: "capability") else {
                throw .malformed("expected capability=NAME, got \(describe(packet))")
            }
            offered.append(name)
            state = .readingCapabilities(offered)
            return nil

        case .readingHeaders(var headers):
            if packet != .flush {
                guard let text = packet.text, let equals = text.firstIndex(of: "=") else {
                    throw .malformed("expected a key=value header, got \(describe(packet))")
                }
                headers.append((String(text[..<equals]), String(text[text.index(after: equals)...])))
                state = .readingHeaders(headers)
                return nil
            }
            var command = try makeCommand(headers)
            if command.name.hasContent {
                if let size = expectedContentSize?(command), size > 0 { command.content.reserveCapacity(min(size, Self.maximumReservation)) }
                state = .readingContent(command)
                return nil
            }
            state = .readingHeaders([])
            return .handle(command)

        case .readingContent(var command):
            // Drop the state's reference first, or every append copies the content read so far
            // (quadratic: a 50 MiB file took tens of seconds).
            state = .readingHeaders([])
            switch packet {
            case .data(let bytes):
                command.content.append(contentsOf: bytes)
                state = .readingContent(command)
                return nil
            case .flush:
                state = .readingHeaders([])
                return .handle(command)
            }
        }
    }

    private func makeCommand(_ headers: [(key: String, value: String)]) throws(FilterProtocolError) -> FilterCommand {
        guard let wire = headers.last(where: { $0.key == "command" })?.value else {
            throw .malformed("a command's headers have no command=")
        }
        guard let name = FilterCommand.Name(wire) else { throw .malformed("unknown command \(wire)") }
        if name != .listAvailableBlobs && !capabilities.contains(name.wire) {
            throw .malformed("command \(wire) was not negotiated")
        }
        let pathname = headers.last(where: { $0.key == "pathname" })?.value ?? ""
        if name.hasContent && pathname.isEmpty { throw .malformed("command \(wire) has no pathname=") }
        let canDelay = headers.last(where: { $0.key == "can-delay" })?.value == "1" && capabilities.contains("delay")
        return FilterCommand(name: name, pathname: pathname, canDelay: canDelay, headers: headers)
    }

    /// The value of a `key=value` text packet; `nil` for another key or a flush.
    private func value(of packet: PktLine, key: String) -> String? {
        guard let text = packet.text, text.hasPrefix(key + "=") else { return nil }
        return String(text.dropFirst(key.count + 1))
    }

    private func describe(_ packet: PktLine) -> String {
        switch packet {
        case .flush: "a flush packet"
        case .data(let bytes):
            if let text = packet.text, text.count <= 80, text.allSatisfy({ !$0.isNewline }) { "\"\(text)\"" }
            else { "\(bytes.count) bytes of data" }
        }
    }
}
