public import Crypto
import TextEncoding

/// A parsed JSON response body. String contents live in one buffer owned by the document and
/// zeroed when it goes away, so a data key read with `JSONValue.secret(base64:)` never exists
/// as a Swift `String`.
///
/// Responses are hostile input: nesting is limited to `maxDepth` and any syntax error fails the
/// whole parse (nil, or a `SyntaxError` saying where).
public final class JSONDocument: @unchecked Sendable {
    enum Node {
        case null
        case bool(Bool)
        case number(Range<Int>)
        case string(Range<Int>)
        case array([Int])
        case object([(key: Range<Int>, value: Int)])
    }

    /// Why and where (byte offset into the input) a parse failed; never quotes the input.
    public struct SyntaxError: Error, Equatable, Sendable {
        public var offset: Int
        public var reason: String
    }

    /// Deeper nesting than any key service answers with.
    public static let maxDepth = 64

    fileprivate var arena: [UInt8] = []
    fileprivate var nodes: [Node] = []

    /// Parses `bytes` (UTF-8 JSON text, surrounding whitespace allowed), nesting at most `maxDepth`.
    public init?(parsing bytes: UnsafeRawBufferPointer) {
        do { try parse(bytes, maxDepth: Self.maxDepth) } catch { return nil }
    }

    /// Parses `bytes` like `init?(parsing:)` with the caller's nesting limit, throwing where it failed.
    public init(parsing bytes: UnsafeRawBufferPointer, maxDepth: Int) throws(SyntaxError) {
        try parse(bytes, maxDepth: maxDepth)
    }

    private func parse(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) throws(SyntaxError) {
        var parser = Parser(input: bytes, document: self, maxDepth: maxDepth)
        do {
            try parser.parseDocument()
        } catch {
            Memory.zero(&arena)
            throw error
        }
    }

    /// Parses a string (tests, files).
    public convenience init?(parsing text: String) {
        var copy = Array(text.utf8)
        defer { Memory.zero(&copy) }
        guard let parsed = copy.withUnsafeBytes({ JSONDocument(parsing: $0) }) else { return nil }
        self.init(taking: parsed)
    }

    private init(taking other: JSONDocument) {
        arena = other.arena
        nodes = other.nodes
    }

    deinit { Memory.zero(&arena) }

    /// The top-level value.
    public var root: JSONValue { JSONValue(document: self, index: 0) }

    fileprivate func text(_ range: Range<Int>) -> String { String(decoding: arena[range], as: UTF8.self) }

    fileprivate func equals(_ range: Range<Int>, _ key: String) -> Bool {
        var matches = true
        var key = key
        key.withUTF8 { k in
            matches = k.count == range.count && zip(k, arena[range]).allSatisfy { $0 == $1 }
        }
        return matches
    }

    fileprivate func secret(_ range: Range<Int>, _ dialect: Base64.Dialect) -> SecretBytes? {
        Base64.decodeSecret(arena[range], dialect)
    }
}

/// One value inside a `JSONDocument`.
public struct JSONValue: Sendable {
    let document: JSONDocument
    let index: Int

    private var node: JSONDocument.Node { document.nodes[index] }

    /// The member named `key` of an object (the first one if repeated).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = node else { return nil }
        return members.first { document.equals($0.key, key) }.map { JSONValue(document: document, index: $0.value) }
    }

    /// Element `i` of an array.
    public subscript(i: Int) -> JSONValue? {
        guard case .array(let elements) = node, elements.indices.contains(i) else { return nil }
        return JSONValue(document: document, index: elements[i])
    }

    /// A string value (not for secrets: see `secret(base64:)`).
    public var string: String? {
        guard case .string(let range) = node else { return nil }
        return document.text(range)
    }

    /// An integer value: a JSON number without fraction or exponent.
    public var integer: Int64? {
        numberText.flatMap { Int64($0) }
    }

    /// A number value exactly as written in the document.
    public var numberText: String? {
        guard case .number(let range) = node else { return nil }
        return document.text(range)
    }

    public var bool: Bool? {
        guard case .bool(let value) = node else { return nil }
        return value
    }

    public var isNull: Bool {
        if case .null = node { return true }
        return false
    }

    public var array: [JSONValue]? {
        guard case .array(let elements) = node else { return nil }
        return elements.map { JSONValue(document: document, index: $0) }
    }

    /// An object's members in document order.
    public var members: [(key: String, value: JSONValue)]? {
        guard case .object(let members) = node else { return nil }
        return members.map { (document.text($0.key), JSONValue(document: document, index: $0.value)) }
    }

    /// Decodes a base64 string value straight into secret bytes.
    public func secret(base64 dialect: Base64.Dialect = .standard) -> SecretBytes? {
        guard case .string(let range) = node else { return nil }
        return document.secret(range, dialect)
    }
}

private struct Parser {
    typealias SyntaxError = JSONDocument.SyntaxError

    let input: UnsafeRawBufferPointer
    let document: JSONDocument
    let maxDepth: Int
    var position = 0

    init(input: UnsafeRawBufferPointer, document: JSONDocument, maxDepth: Int) {
        self.input = input
        self.document = document
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(SyntaxError) {
        skipWhitespace()
        _ = try parseValue(depth: 0)
        skipWhitespace()
        guard position == input.count else { throw failure("trailing characters") }
    }

    private var current: UInt8? { position < input.count ? input[position] : nil }

    private func failure(_ reason: String) -> SyntaxError {
        SyntaxError(offset: position, reason: current == nil ? "unexpected end" : reason)
    }

    private mutating func skipWhitespace() {
        while let c = current, c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09 { position += 1 }
    }

    private mutating func expect(_ c: UInt8) throws(SyntaxError) {
        guard current == c else { throw failure("expected '\(Character(Unicode.Scalar(c)))'") }
        position += 1
    }

    private mutating func add(_ node: JSONDocument.Node) -> Int {
        document.nodes.append(node)
        return document.nodes.count - 1
    }

    private mutating func parseValue(depth: Int) throws(SyntaxError) -> Int {
        guard depth < maxDepth else { throw failure("nested deeper than \(maxDepth) levels") }
        switch current {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return add(.string(try parseString()))
        case UInt8(ascii: "t"): try literal("true"); return add(.bool(true))
        case UInt8(ascii: "f"): try literal("false"); return add(.bool(false))
        case UInt8(ascii: "n"): try literal("null"); return add(.null)
        default: return add(.number(try parseNumber()))
        }
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let count = word.utf8CodeUnitCount
        for i in 0..<count where position + i >= input.count || input[position + i] != word.utf8Start[i] {
            position += i
            throw failure("invalid literal")
        }
        position += count
    }

    private mutating func parseObject(depth: Int) throws(SyntaxError) -> Int {
        let index = add(.null)  // reserve: children come after their parent
        position += 1
        var members: [(key: Range<Int>, value: Int)] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw failure("expected a string key") }
                let key = try parseString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
                members.append((key, try parseValue(depth: depth + 1)))
                skipWhitespace()
                if current == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "}"))
                break
            }
        }
        document.nodes[index] = .object(members)
        return index
    }

    private mutating func parseArray(depth: Int) throws(SyntaxError) -> Int {
        let index = add(.null)
        position += 1
        var elements: [Int] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                elements.append(try parseValue(depth: depth + 1))
                skipWhitespace()
                if current == UInt8(ascii: ",") { position += 1; continue }
                try expect(UInt8(ascii: "]"))
                break
            }
        }
        document.nodes[index] = .array(elements)
        return index
    }

    /// Unescapes a string into the arena; returns its range there.
    private mutating func parseString() throws(SyntaxError) -> Range<Int> {
        position += 1
        let start = document.arena.count
        while let c = current {
            switch c {
            case UInt8(ascii: "\""):
                position += 1
                return start..<document.arena.count
            case UInt8(ascii: "\\"):
                position += 1
                guard let e = current else { throw SyntaxError(offset: position, reason: "unterminated string") }
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): document.arena.append(e)
                case UInt8(ascii: "b"): document.arena.append(0x08)
                case UInt8(ascii: "f"): document.arena.append(0x0c)
                case UInt8(ascii: "n"): document.arena.append(0x0a)
                case UInt8(ascii: "r"): document.arena.append(0x0d)
                case UInt8(ascii: "t"): document.arena.append(0x09)
                case UInt8(ascii: "u"):
                    position += 1
                    guard var scalar = hex4() else { throw failure("bad \\u escape") }
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard input.count - position >= 2, input[position] == UInt8(ascii: "\\"),
                              input[position + 1] == UInt8(ascii: "u") else { throw failure("unpaired surrogate") }
                        position += 2
                        guard let low = hex4() else { throw failure("bad \\u escape") }
                        guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate") }
                        scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw failure("unpaired surrogate") }
                    document.arena += Array(String(Character(unicode)).utf8)
                    continue
                default: throw failure("invalid escape")
                }
                position += 1
            default:
                guard c >= 0x20 else { throw failure("control character in string") }
                document.arena.append(c)
                position += 1
            }
        }
        throw SyntaxError(offset: position, reason: "unterminated string")
    }

    /// Four hex digits, consumed; nil at the first that is not one (`position` is there).
    // Reads `input` directly: with `current` here Swift 6.3.1's optimiser crashed (release builds).
    private mutating func hex4() -> UInt32? {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard position < input.count, let digit = Hex.value(input[position]) else { return nil }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Checks number syntax and copies the text into the arena.
    private mutating func parseNumber() throws(SyntaxError) -> Range<Int> {
        let begin = position
        func digits(_ p: inout Parser) throws(SyntaxError) {
            let s = p.position
            while let c = p.current, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { p.position += 1 }
            guard p.position > s else { throw p.failure(s == begin ? "unexpected character" : "malformed number") }
        }
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
            if let c = current, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { throw failure("malformed number") }
        } else {
            try digits(&self)
        }
        if current == UInt8(ascii: ".") {
            position += 1
            try digits(&self)
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            try digits(&self)
        }
        let start = document.arena.count
        document.arena += input[begin..<position]
        return start..<document.arena.count
    }
}
