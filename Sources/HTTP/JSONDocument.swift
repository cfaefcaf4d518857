public import Crypto
import TextEncoding

/// A parsed JSON response body. String contents live in one buffer owned by the document and
/// zeroed when it goes away, so a data key read with `JSONValue.secret(base64:)` never exists
/// as a Swift `String`.
///
/// Responses are hostile input: nesting is limited to `maxDepth` and any syntax error fails the
/// whole parse (nil).
public final class JSONDocument: @unchecked Sendable {
    enum Node {
        case null
        case bool(Bool)
        case number(Range<Int>)
        case string(Range<Int>)
        case array([Int])
        case object([(key: Range<Int>, value: Int)])
    }

    /// Deeper nesting than any key service answers with.
    public static let maxDepth = 64

    fileprivate var arena: [UInt8] = []
    fileprivate var nodes: [Node] = []

    /// Parses `bytes` (UTF-8 JSON text, surrounding whitespace allowed).
    public init?(parsing bytes: UnsafeRawBufferPointer) {
        var parser = Parser(input: bytes, document: self)
        guard parser.parseDocument() else {
            Memory.zero(&arena)
            return nil
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
        guard case .number(let range) = node else { return nil }
        return Int64(document.text(range))
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
    let input: UnsafeRawBufferPointer
    let document: JSONDocument
    var position = 0

    init(input: UnsafeRawBufferPointer, document: JSONDocument) {
        self.input = input
        self.document = document
    }

    mutating func parseDocument() -> Bool {
        skipWhitespace()
        guard parseValue(depth: 0) != nil else { return false }
        skipWhitespace()
        return position == input.count
    }

    private var current: UInt8? { position < input.count ? input[position] : nil }

    private mutating func skipWhitespace() {
        while let c = current, c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09 { position += 1 }
    }

    private mutating func add(_ node: JSONDocument.Node) -> Int {
        document.nodes.append(node)
        return document.nodes.count - 1
    }

    private mutating func parseValue(depth: Int) -> Int? {
        guard depth < JSONDocument.maxDepth, let c = current else { return nil }
        switch c {
        case UInt8(ascii: "{"): return parseObject(depth: depth)
        case UInt8(ascii: "["): return parseArray(depth: depth)
        case UInt8(ascii: "\""): return parseString().map { add(.string($0)) }
        case UInt8(ascii: "t"): return literal("true") ? add(.bool(true)) : nil
        case UInt8(ascii: "f"): return literal("false") ? add(.bool(false)) : nil
        case UInt8(ascii: "n"): return literal("null") ? add(.null) : nil
        default: return parseNumber().map { add(.number($0)) }
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= input.count else { return false }
        for i in 0..<count where input[position + i] != word.utf8Start[i] { return false }
        position += count
        return true
    }

    private mutating func parseObject(depth: Int) -> Int? {
        let index = add(.null)  // reserve: children come after their parent
        position += 1
        var members: [(key: Range<Int>, value: Int)] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\""), let key = parseString() else { return nil }
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { return nil }
                position += 1
                skipWhitespace()
                guard let value = parseValue(depth: depth + 1) else { return nil }
                members.append((key, value))
                skipWhitespace()
                if current == UInt8(ascii: ",") { position += 1; continue }
                guard current == UInt8(ascii: "}") else { return nil }
                position += 1
                break
            }
        }
        document.nodes[index] = .object(members)
        return index
    }

    private mutating func parseArray(depth: Int) -> Int? {
        let index = add(.null)
        position += 1
        var elements: [Int] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
        } else {
            while true {
                skipWhitespace()
                guard let value = parseValue(depth: depth + 1) else { return nil }
                elements.append(value)
                skipWhitespace()
                if current == UInt8(ascii: ",") { position += 1; continue }
                guard current == UInt8(ascii: "]") else { return nil }
                position += 1
                break
            }
        }
        document.nodes[index] = .array(elements)
        return index
    }

    /// Unescapes a string into the arena; returns its range there.
    private mutating func parseString() -> Range<Int>? {
        position += 1
        let start = document.arena.count
        while let c = current {
            position += 1
            switch c {
            case UInt8(ascii: "\""):
                return start..<document.arena.count
            case UInt8(ascii: "\\"):
                guard let e = current else { return nil }
                position += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): document.arena.append(e)
                case UInt8(ascii: "b"): document.arena.append(0x08)
                case UInt8(ascii: "f"): document.arena.append(0x0c)
                case UInt8(ascii: "n"): document.arena.append(0x0a)
                case UInt8(ascii: "r"): document.arena.append(0x0d)
                case UInt8(ascii: "t"): document.arena.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard literal("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { return nil }
                    document.arena += Array(String(Character(unicode)).utf8)
                default: return nil
                }
            default:
                guard c >= 0x20 else { return nil }
                document.arena.append(c)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= input.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = input[position]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Checks number syntax and copies the text into the arena.
    private mutating func parseNumber() -> Range<Int>? {
        let begin = position
        func digits(_ p: inout Parser) -> Bool {
            let s = p.position
            while let c = p.current, c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") { p.position += 1 }
            return p.position > s
        }
        if current == UInt8(ascii: "-") { position += 1 }
        guard digits(&self) else { return nil }
        if current == UInt8(ascii: ".") {
            position += 1
            guard digits(&self) else { return nil }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits(&self) else { return nil }
        }
        let start = document.arena.count
        document.arena += input[begin..<position]
        return start..<document.arena.count
    }
}
