@testable import FilterProtocol
import Testing

/// The protocol state machine: handshake, negotiation, command assembly, illegal sequences.
@Suite struct FilterSessionTests {
    private func feed(_ session: inout FilterSession, _ messages: [FilterMessage]) throws -> [FilterSession.Action] {
        var actions: [FilterSession.Action] = []
        for message in messages {
            for packet in message.packets {
                if let action = try session.receive(packet) { actions.append(action) }
            }
        }
        return actions
    }

    private func handshaken(_ capabilities: [String] = ["clean", "smudge", "delay"]) throws -> FilterSession {
        var session = FilterSession()
        let actions = try feed(&session, [.clientHello(versions: [2]), .capabilities(capabilities)])
        #expect(actions.count == 2)
        return session
    }

    @Test func answersTheHandshakeWithVersion2AndTheCommonCapabilities() throws {
        var session = FilterSession()
        #expect(session.mayEnd)
        let actions = try feed(&session, [.clientHello(versions: [2, 3]),
                                          .capabilities(["clean", "smudge", "not-yet-invented", "delay"])])
        #expect(actions == [.reply(.serverHello(version: 2)), .reply(.capabilities(["clean", "smudge", "delay"]))])
        #expect(session.capabilities == ["clean", "smudge", "delay"])
        #expect(session.mayEnd)
    }

    @Test func answersOnlyWhatGitOffers() throws {
        var session = FilterSession()
        let actions = try feed(&session, [.clientHello(versions: [2]), .capabilities(["smudge"])])
        #expect(actions.last == .reply(.capabilities(["smudge"])))
    }

    @Test func refusesAVersionItDoesNotSpeak() {
        var session = FilterSession()
        #expect {
            try feed(&session, [.clientHello(versions: [1, 3])])
        } throws: { ($0 as? FilterProtocolError)?.message.contains("gitsops speaks version 2") == true }
    }

    @Test func refusesAnotherGreeting() {
        var session = FilterSession()
        #expect(throws: FilterProtocolError.self) { try session.receive(.text("git-upload-pack")) }
        var flushed = FilterSession()
        #expect(throws: FilterProtocolError.self) { try flushed.receive(.flush) }
    }

    @Test func assemblesCommandsWithHeadersAndContent() throws {
        var session = try handshaken()
        let big = [UInt8](repeating: 3, count: 70_000)
        let smudge = FilterCommand(name: .smudge, pathname: "secrets/a b=c.yaml", canDelay: true,
                                   headers: [("ref", "refs/heads/main"), ("treeish", "abc")], content: big)
        let actions = try feed(&session, [.command(smudge)])
        guard case .handle(let received) = actions.first, actions.count == 1 else {
            Issue.record("expected one command, got \(actions)")
            return
        }
        #expect(received.name == .smudge)
        #expect(received.pathname == "secrets/a b=c.yaml")
        #expect(received.canDelay)
        #expect(received.content == big)
        #expect(received.headers.contains { $0 == ("ref", "refs/heads/main") })
        #expect(session.mayEnd)
    }

    @Test func ignoresCanDelayWhenDelayWasNotNegotiated() throws {
        var session = try handshaken(["clean", "smudge"])
        let actions = try feed(&session, [.command(FilterCommand(name: .smudge, pathname: "a", canDelay: true))])
        guard case .handle(let command) = actions.first else { Issue.record("no command"); return }
        #expect(!command.canDelay)
    }

    @Test func listAvailableBlobsHasNoContent() throws {
        var session = try handshaken()
        let actions = try feed(&session, [.command(FilterCommand(name: .listAvailableBlobs))])
        #expect(actions == [.handle(FilterCommand(name: .listAvailableBlobs, headers: [("command", "list_available_blobs")]))])
    }

    @Test func emptyContentIsAFlushRightAfterTheHeaders() throws {
        var session = try handshaken()
        let actions = try feed(&session, [.command(FilterCommand(name: .clean, pathname: "empty"))])
        guard case .handle(let command) = actions.first else { Issue.record("no command"); return }
        #expect(command.content.isEmpty)
    }

    @Test(arguments: [
        (["pathname=a"], "no command="),
        (["command=frobnicate", "pathname=a"], "unknown command frobnicate"),
        (["command=clean"], "has no pathname="),
        (["no equals sign"], "expected a key=value header"),
    ])
    func rejectsBadHeaders(lines: [String], message: String) throws {
        var session = try handshaken()
        #expect {
            for line in lines { _ = try session.receive(.text(line)) }
            _ = try session.receive(.flush)
        } throws: { ($0 as? FilterProtocolError)?.message.contains(message) == true }
    }

    @Test func rejectsACommandThatWasNotNegotiated() throws {
        var session = try handshaken(["smudge"])
        #expect {
            try feed(&session, [.command(FilterCommand(name: .clean, pathname: "a"))])
        } throws: { ($0 as? FilterProtocolError)?.message.contains("not negotiated") == true }
    }

    @Test func mayNotEndInsideACommand() throws {
        var session = try handshaken()
        _ = try session.receive(.text("command=clean"))
        #expect(!session.mayEnd)
        _ = try session.receive(.text("pathname=a"))
        _ = try session.receive(.flush)
        #expect(!session.mayEnd)
        #expect(session.position == "in the content of a")
    }
}
