import Foundation
@testable import FilterProtocol
import SystemPackage
import TestSupport
import Testing

/// The server on real pipes: full conversations, per-file errors, delay, malformed input.
@Suite struct FilterServerTests {
    /// Upper-cases on clean, lower-cases on smudge; `fail` fails, `abort` aborts, paths with
    /// `remote` need the network and complete in reverse order of arrival.
    struct CasePolicy: FilterPolicy {
        struct Failure: Error, CustomStringConvertible { var description: String }

        func clean(_ content: [UInt8], path: String) async throws -> [UInt8] {
            if path == "fail" { throw Failure(description: "cannot clean this") }
            if path == "abort" { throw FilterAbort(Failure(description: "configuration is broken")) }
            return Array(String(decoding: content, as: UTF8.self).uppercased().utf8)
        }

        func smudge(_ content: [UInt8], path: String) async throws -> Smudged {
            if path.hasPrefix("remote") {
                let n = Int(path.dropFirst("remote".count)) ?? 0
                try await Task.sleep(nanoseconds: UInt64(max(0, 40 - n * 10)) * 1_000_000)
            }
            if path.hasPrefix("locked") { return Smudged(content, keptAsStored: "no key") }
            if path == "odd" { return Smudged(content, warning: SmudgeWarning(keptAsStored: false, reason: "layout does not fit")) }
            return Smudged(Array(String(decoding: content, as: UTF8.self).lowercased().utf8))
        }

        func smudgeNeedsNetwork(_ content: [UInt8], path: String) -> Bool { path.hasPrefix("remote") }
    }

    struct Run {
        var output: [UInt8]
        var diagnostics: String
        var error: FilterProtocolError?

        /// The packets the server sent, after the handshake.
        func packets() throws -> [PktLine] {
            var parser = PktLineParser()
            parser.append(output)
            var all: [PktLine] = []
            while let packet = try parser.next() { all.append(packet) }
            #expect(!parser.hasPartialPacket)
            return all
        }
    }

    static let handshake = FilterMessage.clientHello(versions: [2]).encoded
        + FilterMessage.capabilities(["clean", "smudge", "delay"]).encoded
    static let handshakeReply = FilterMessage.serverHello(version: 2).packets + FilterMessage.capabilities(["clean", "smudge", "delay"]).packets

    /// Runs a server on pipes, writing `input` from another thread and closing it.
    func serve(_ input: [UInt8], policy: any FilterPolicy = CasePolicy()) async throws -> Run {
        let inPipe = CloseOnExecPipe(), outPipe = CloseOnExecPipe(), errPipe = CloseOnExecPipe()
        let server = FilterServer(policy: policy,
                                  input: FileDescriptor(rawValue: inPipe.fileHandleForReading.fileDescriptor),
                                  output: FileDescriptor(rawValue: outPipe.fileHandleForWriting.fileDescriptor),
                                  diagnostics: FileDescriptor(rawValue: errPipe.fileHandleForWriting.fileDescriptor))
        DispatchQueue.global().async {
            try? inPipe.fileHandleForWriting.write(contentsOf: Data(input))
            try? inPipe.fileHandleForWriting.close()
        }
        async let output = Self.readToEnd(outPipe.fileHandleForReading)
        async let diagnostics = Self.readToEnd(errPipe.fileHandleForReading)
        var failure: FilterProtocolError?
        do { try await server.run() } catch { failure = error }
        try outPipe.fileHandleForWriting.close()
        try errPipe.fileHandleForWriting.close()
        return Run(output: Array(await output), diagnostics: String(decoding: await diagnostics, as: UTF8.self), error: failure)
    }

    static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: handle.readDataToEndOfFile()) }
        }
    }

    /// A command as git sends it; `canDelay` as in a whole-tree checkout (which names its tree),
    /// `treeish: false` as in `git checkout -m -- PATH`.
    private func command(_ name: FilterCommand.Name, _ path: String, _ content: String = "", canDelay: Bool = false,
                         treeish: Bool = true) -> [UInt8] {
        let headers = canDelay && treeish ? [(key: "treeish", value: String(repeating: "5", count: 40))] : []
        return FilterMessage.command(FilterCommand(name: name, pathname: path, canDelay: canDelay, headers: headers,
                                                   content: Array(content.utf8))).encoded
    }

    @Test func servesCleanAndSmudgeUntilGitCloses() async throws {
        let run = try await serve(Self.handshake + command(.clean, "a", "Hello") + command(.smudge, "b", "WORLD"))
        #expect(run.error == nil)
        #expect(try run.packets() == Self.handshakeReply
            + FilterResponse.success(Array("HELLO".utf8)).packets + FilterResponse.success(Array("world".utf8)).packets)
        #expect(run.diagnostics.isEmpty)
    }

    @Test func aFailedFileIsAnsweredWithErrorAndTheSessionGoesOn() async throws {
        let run = try await serve(Self.handshake + command(.clean, "fail", "x") + command(.clean, "ok", "y"))
        #expect(run.error == nil)
        #expect(try run.packets() == Self.handshakeReply + FilterResponse.error.packets
            + FilterResponse.success(Array("Y".utf8)).packets)
        #expect(run.diagnostics == "gitsops: error: fail: cannot clean this\n")
    }

    @Test func filterAbortIsAnsweredWithAbort() async throws {
        let run = try await serve(Self.handshake + command(.clean, "abort", "x"))
        #expect(try run.packets() == Self.handshakeReply + FilterResponse.abort.packets)
        #expect(run.diagnostics == "gitsops: error: abort: configuration is broken\n")
    }

    @Test func saysEveryWarningInOneLineAtTheEndNamingTheFiles() async throws {
        let run = try await serve(Self.handshake + command(.smudge, "locked1", "A") + command(.smudge, "odd", "c")
            + command(.smudge, "locked2", "B"))
        #expect(run.diagnostics == "gitsops: warning: left encrypted, as stored: locked1, locked2 (no key); "
            + "run `gitsops doctor` for details; odd (layout does not fit)\n")
        #expect(try run.packets() == Self.handshakeReply + FilterResponse.success(Array("A".utf8)).packets
            + FilterResponse.success(Array("c".utf8)).packets + FilterResponse.success(Array("B".utf8)).packets)
    }

    @Test func namesFiveFilesPerReasonAndCountsTheRest() async throws {
        var input = Self.handshake
        for n in 1...7 { input += command(.smudge, "locked\(n)", "A") }
        let run = try await serve(input)
        #expect(run.diagnostics == "gitsops: warning: left encrypted, as stored: locked1, locked2, locked3, locked4, locked5 "
            + "and 2 more (no key); run `gitsops doctor` for details\n")
    }

    @Test func neverDelaysACheckoutThatNamesNoTree() async throws {
        // `git checkout -m -- PATH` sends can-delay=1 without treeish=, and git 2.39 crashes on
        // a delayed answer there: answered in line.
        let input = Self.handshake + command(.smudge, "remote1", "R1", canDelay: true, treeish: false)
        let run = try await serve(input)
        #expect(try run.packets() == Self.handshakeReply + FilterResponse.success(Array("r1".utf8)).packets)
    }

    @Test func delaysNetworkSmudgesAndListsThemWhenDone() async throws {
        // Three delayed smudges finish in reverse order; git asks until the list is empty.
        var input = Self.handshake
        for n in 1...3 { input += command(.smudge, "remote\(n)", "R\(n)", canDelay: true) }
        input += command(.smudge, "remote9", "NOW", canDelay: false) // no can-delay: answered in line
        input += FilterMessage.command(FilterCommand(name: .listAvailableBlobs)).encoded
        let first = try await serve(input)
        let packets = try first.packets()
        let delayed = FilterResponse.delayed.packets
        let prefix = Self.handshakeReply + delayed + delayed + delayed + FilterResponse.success(Array("now".utf8)).packets
        #expect(Array(packets.prefix(prefix.count)) == prefix)
        let listed = packets.dropFirst(prefix.count).compactMap(\.text).filter { $0.hasPrefix("pathname=") }
        #expect(!listed.isEmpty)
        #expect(packets.suffix(2) == [.text("status=success"), .flush])
    }

    /// `CasePolicy` whose `cpu…` smudges are worth running on another core.
    struct ParallelPolicy: FilterPolicy {
        let base = CasePolicy()
        func clean(_ content: [UInt8], path: String) async throws -> [UInt8] { try await base.clean(content, path: path) }
        func smudge(_ content: [UInt8], path: String) async throws -> Smudged { try await base.smudge(content, path: path) }
        func smudgeNeedsNetwork(_ content: [UInt8], path: String) -> Bool { false }
        func smudgeIsWorthParallelizing(_ content: [UInt8], path: String) -> Bool { path.hasPrefix("cpu") }
    }

    @Test func delaysCPUBoundSmudgesWithinTheBudgetAndRunsTheRestInLine() async throws {
        var input = Self.handshake
        for n in 1...3 { input += command(.smudge, "cpu\(n)", "CPU\(n)", canDelay: true) }
        input += command(.smudge, "plain", "PLAIN", canDelay: true)
        input += FilterMessage.command(FilterCommand(name: .listAvailableBlobs)).encoded
        let inPipe = CloseOnExecPipe(), outPipe = CloseOnExecPipe()
        // 8 bytes: two 4-byte smudges wait delayed, the third runs in line.
        let server = FilterServer(policy: ParallelPolicy(), input: FileDescriptor(rawValue: inPipe.fileHandleForReading.fileDescriptor),
                                  output: FileDescriptor(rawValue: outPipe.fileHandleForWriting.fileDescriptor),
                                  diagnostics: .standardError, parallelBudget: 8)
        try inPipe.fileHandleForWriting.write(contentsOf: Data(input))
        try inPipe.fileHandleForWriting.close()
        try await server.run()
        try outPipe.fileHandleForWriting.close()
        var parser = PktLineParser()
        parser.append(Array(try outPipe.fileHandleForReading.readToEnd() ?? Data()))
        var packets: [PktLine] = []
        while let packet = try parser.next() { packets.append(packet) }
        let delayed = FilterResponse.delayed.packets
        let expected = Self.handshakeReply + delayed + delayed + FilterResponse.success(Array("cpu3".utf8)).packets
            + FilterResponse.success(Array("plain".utf8)).packets
        #expect(Array(packets.prefix(expected.count)) == expected)
        let listed = packets.dropFirst(expected.count).compactMap(\.text).filter { $0.hasPrefix("pathname=") }
        #expect(Set(listed).isSubset(of: ["pathname=cpu1", "pathname=cpu2"]) && !listed.isEmpty)
    }

    @Test func deliversDelayedBlobsAndEndsWithAnEmptyList() async throws {
        let server = try await conversationWithDelay()
        #expect(server.error == nil)
        let texts = try server.packets().compactMap(\.text)
        #expect(texts.filter { $0 == "status=delayed" }.count == 2)
        // Each delayed blob came back lower-cased exactly once.
        let payloads = try server.packets().compactMap { packet -> String? in
            guard case .data(let bytes) = packet, let text = packet.text, !text.contains("=") else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(payloads.filter { $0 == "r1" }.count == 1)
        #expect(payloads.filter { $0 == "r2" }.count == 1)
    }

    /// Plays git's delayed-checkout loop against a live server over pipes.
    private func conversationWithDelay() async throws -> Run {
        let inPipe = CloseOnExecPipe(), outPipe = CloseOnExecPipe(), errPipe = CloseOnExecPipe()
        let server = FilterServer(policy: CasePolicy(),
                                  input: FileDescriptor(rawValue: inPipe.fileHandleForReading.fileDescriptor),
                                  output: FileDescriptor(rawValue: outPipe.fileHandleForWriting.fileDescriptor),
                                  diagnostics: FileDescriptor(rawValue: errPipe.fileHandleForWriting.fileDescriptor))
        let serving = Task { () -> FilterProtocolError? in
            do throws(FilterProtocolError) { try await server.run(); return nil } catch { return error }
        }
        let writer = inPipe.fileHandleForWriting
        let reader = GitSide(outPipe.fileHandleForReading)
        var transcript: [PktLine] = []
        try writer.write(contentsOf: Data(Self.handshake))
        transcript += try await reader.packets(untilFlushes: 2)
        try writer.write(contentsOf: Data(command(.smudge, "remote1", "R1", canDelay: true) + command(.smudge, "remote2", "R2", canDelay: true)))
        transcript += try await reader.packets(untilFlushes: 2)
        var pending: Set<String> = ["remote1", "remote2"]
        while true {
            try writer.write(contentsOf: Data(FilterMessage.command(FilterCommand(name: .listAvailableBlobs)).encoded))
            let list = try await reader.packets(untilFlushes: 2)
            transcript += list
            let paths = list.compactMap(\.text).filter { $0.hasPrefix("pathname=") }.map { String($0.dropFirst(9)) }
            if paths.isEmpty { break }
            for path in paths {
                #expect(pending.remove(path) != nil, "listed \(path) twice or never delayed")
                try writer.write(contentsOf: Data(command(.smudge, path)))
                transcript += try await reader.packets(untilFlushes: 3)
            }
        }
        #expect(pending.isEmpty)
        try writer.close()
        let failure = await serving.value
        try outPipe.fileHandleForWriting.close()
        try errPipe.fileHandleForWriting.close()
        var output: [UInt8] = []
        for packet in transcript { packet.encode(into: &output) }
        return Run(output: output, diagnostics: "", error: failure)
    }

    /// Reads the server's packets from a pipe off the cooperative pool.
    final class GitSide: @unchecked Sendable {
        let handle: FileHandle
        var parser = PktLineParser()
        init(_ handle: FileHandle) { self.handle = handle }

        func packets(untilFlushes count: Int) async throws -> [PktLine] {
            var packets: [PktLine] = []
            var flushes = 0
            while flushes < count {
                if let packet = try parser.next() {
                    packets.append(packet)
                    if packet == .flush { flushes += 1 }
                    continue
                }
                let chunk = await withCheckedContinuation { continuation in
                    DispatchQueue.global().async { continuation.resume(returning: self.handle.availableData) }
                }
                if chunk.isEmpty { throw FilterProtocolError(.io, "server closed early") }
                parser.append(Array(chunk))
            }
            return packets
        }
    }

    @Test(arguments: [
        ("", nil),
        ("0016git-filter-client\n", "input ended in the version handshake"),
        ("0016git-filter-client\n000eversion=2", "input ended inside a pkt-line"),
        ("0015git-filter-server\n0000", "expected git-filter-client"),
        ("00zzgit", "invalid pkt-line length"),
        ("0001", "unexpected special pkt-line"),
    ] as [(String, String?)])
    func malformedOrTruncatedInputEndsWithAClearError(wire: String, message: String?) async throws {
        let run = try await serve(Array(wire.utf8))
        if let message {
            #expect(run.error?.code == .malformedInput)
            #expect(run.error?.message.contains(message) == true, "\(String(describing: run.error))")
        } else {
            #expect(run.error == nil)
        }
    }

    @Test func truncatedContentIsAnErrorNotAHang() async throws {
        let wire = Self.handshake + Array("0012command=clean\n000fpathname=a\n0000000aabcdef".utf8)
        let run = try await serve(wire)
        #expect(run.error?.message.contains("input ended in the content of a") == true)
    }
}
