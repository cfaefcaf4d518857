import Testing
import LosslessYAML

/// Hostile input gets a clear error with a position, never a crash, a hang or a leak of content.
@Suite struct RobustnessTests {
    func error(_ bytes: [UInt8]) -> YAMLError? {
        do {
            _ = try YAMLStream.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    func error(_ text: String) -> YAMLError? { error(Array(text.utf8)) }

    @Test func deepFlowNesting() throws {
        let e = try #require(error(String(repeating: "[", count: 100_000)))
        #expect(e.message.contains("nesting deeper than 256") && e.line == 1 && e.column == 257)
        #expect(error(String(repeating: "{a: ", count: 10_000)) != nil)
    }

    @Test func deepBlockNesting() throws {
        let e = try #require(error(String(repeating: "- ", count: 50_000) + "x\n"))
        #expect(e.message.contains("nesting"))
        var text = ""
        for depth in 0..<2000 { text += String(repeating: " ", count: depth) + "k:\n" }
        #expect(error(text)?.message.contains("nesting") == true)
    }

    @Test func nestingWithinTheLimitParses() throws {
        let text = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let stream = try YAMLStream.parse(text)
        _ = try stream.values()
        #expect(stream.printedString() == text)
    }

    @Test func hugeScalarsParse() throws {
        let big = String(repeating: "abcdefgh", count: 1 << 19)  // 4 MiB
        let stream = try YAMLStream.parse("k: \(big)\nq: \"\(big)\"\nl: |\n  \(big)\n")
        let value = try stream.values()[0]
        #expect(value["k"] == .string(big) && value["q"] == .string(big) && value["l"] == .string(big + "\n"))
    }

    @Test func invalidUTF8() throws {
        let e = try #require(error(Array("a: b\nc: ".utf8) + [0xC3, 0x28] + Array("\n".utf8)))
        #expect(e.line == 2 && e.column == 4 && e.message.contains("UTF-8"))
        #expect(error([0xFF]) != nil)
        #expect(error(Array("k: \"".utf8) + [0xED, 0xA0, 0x80] + Array("\"".utf8)) != nil)  // surrogate
        #expect(error(Array("k: v".utf8) + [0x00]) != nil)
    }

    @Test(arguments: [
        ("a: \"never closed\nb: c\n", 1, 4, "unterminated"),
        ("a: 'never closed\n", 1, 4, "unterminated"),
        ("a: [1, 2\n", 1, 4, "never closed"),
        ("a: {x: 1\n", 1, 4, "never closed"),
        ("a:\n\tb: 1\n", 2, 2, "tab"),
        ("a: 1\n\u{FEFF}b: 2\n", 2, 1, "byte order mark"),
        ("a: \"bad \\q escape\"\n", 1, 9, "escape"),
        ("key: value\n  bad: indent\n", 2, 6, ""),
        ("- a\nb: c\n", 2, 1, ""),
        ("a: *nowhere\n", 1, 4, "undefined anchor"),
        ("%YAML 1.2\n%YAML 1.2\n---\n", 2, 1, "duplicate"),
        ("a: !e!x b\n", 1, 4, "undefined tag handle"),
        ("--- |0\n", 1, 6, "indentation indicator"),
    ])
    func clearErrors(_ text: String, _ line: Int, _ column: Int, _ words: String) throws {
        let e = try #require(error(text))
        #expect(e.line == line && e.column == column, "\(e)")
        #expect(words.isEmpty || e.message.contains(words), "\(e)")
        #expect(e.description.hasPrefix("line \(line), column \(column): "))
    }

    @Test func messagesNeverQuoteContent() throws {
        for text in ["secret: \"hunter2\\q\"", "secret: 'hunter2", "secret: [hunter2", "a: b: hunter2",
                     "- hunter2\nhunter2: x", "secret: *hunter2", "secret: !!int hunter2"] {
            var message = error(text)?.description ?? ""
            if message.isEmpty, let stream = try? YAMLStream.parse(text) {
                do { _ = try stream.values() } catch { message = error.description }
            }
            #expect(!message.isEmpty, "\(text) was accepted")
            #expect(!message.contains("hunter2"), "\(message)")
        }
    }

    @Test func billionLaughsIsBounded() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let stream = try YAMLStream.parse(text)
        #expect(throws: YAMLError.self) { try stream.values() }
        #expect(stream.printedString() == text)
    }

    @Test func closingBracketMayDedentButContentMayNot() throws {
        let stream = try YAMLStream.parse("args: [\n  a,\n  b\n]\nenv: {\n  x: 1\n}\n")
        #expect(try stream.values()[0]["args"] == .sequence([.string("a"), .string("b")]))
        #expect(error("args: [a,\nb]\n") != nil)
    }

    @Test func recursiveAliasIsRejected() throws {
        #expect(error("a: &x [1, *x]\n")?.message.contains("contains it") == true)
    }

    /// Mutations of every suite input: parsing must either fail with a position or give a tree
    /// that prints the input back; values and re-emission must not crash.
    @Test func mutationFuzz() {
        var rng = SplitMix64(seed: 0x5EED)
        let alphabet = Array("-?:,[]{}#&*!|>'\"%@`\t\n\r \\.~0aZ".utf8) + [0xC3, 0xA9, 0xEF, 0xBB, 0xBF]
        var parsed = 0
        for c in SuiteCase.all {
            let input = c.input
            for _ in 0..<12 {
                var bytes = input
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    let position = bytes.isEmpty ? 0 : Int(rng.next() % UInt64(bytes.count + 1))
                    switch rng.next() % 4 {
                    case 0 where position < bytes.count: bytes[position] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                    case 1: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: position)
                    case 2 where position < bytes.count: bytes.remove(at: position)
                    default: bytes = Array(bytes.prefix(position))
                    }
                }
                do {
                    let stream = try YAMLStream.parse(bytes)
                    parsed += 1
                    #expect(stream.printed() == bytes)
                    _ = stream.comments
                    if let values = try? stream.values(onTagMismatch: .null) {
                        _ = YAMLEmitter(indent: 2).emit(values: values)
                    }
                } catch {
                    #expect(error.line >= 1 && error.column >= 1)
                }
            }
        }
        #expect(parsed > 500)
    }
}

/// A small deterministic generator for the fuzz test.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
