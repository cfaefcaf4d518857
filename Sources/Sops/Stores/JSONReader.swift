import TextEncoding

/// Reads a JSON document into a sops branch as sops' JSON store does (spec/sops-format.md §1.3):
/// a top-level object, member order and duplicates kept, numbers typed int when they fit int64.
/// Records every leaf's byte range for the layout template.
struct JSONReader {
    private let bytes: [UInt8]
    private var index = 0
    private let recordSpans: Bool
    private(set) var spans: [LeafSpan] = []
    private var path: [String] = []
    private(set) var leafCount = 0
    /// Open objects and arrays: bounded like YAML's nesting, so hostile input cannot exhaust the stack.
    private var depth = 0
    static let maxDepth = 256

    init(_ bytes: [UInt8], recordSpans: Bool) {
        self.bytes = bytes
        self.recordSpans = recordSpans
    }

    /// Parses the top-level object; bytes after it are ignored (Go's decoder stops there).
    mutating func readDocument() throws(SopsError) -> SopsBranch {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
            throw SopsError(.syntax, "Error unmarshalling input json: SOPS only supports JSON files with a top-level object (starting with '{')")
        }
        guard case .mapping(let items) = try readValue() else { return [] }
        return items
    }

    private mutating func readValue() throws(SopsError) -> SopsValue {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of JSON input") }
        let start = index
        let opensContainer = bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[")
        if opensContainer {
            guard depth < Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
            depth += 1
        }
        defer { if opensContainer { depth -= 1 } }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var items: [SopsItem] = []
            skipWhitespace()
            if peek(UInt8(ascii: "}")) { index += 1; return .mapping(items) }
            while true {
                skipWhitespace()
                guard peek(UInt8(ascii: "\"")) else { throw error("invalid character looking for beginning of object key string") }
                let key = String(decoding: try readString(), as: UTF8.self)
                skipWhitespace()
                guard peek(UInt8(ascii: ":")) else { throw error("invalid character after object key") }
                index += 1
                path.append(key)
                let value = try readValue()
                path.removeLast()
                items.append(.entry(key, value))
                skipWhitespace()
                if peek(UInt8(ascii: ",")) { index += 1; continue }
                if peek(UInt8(ascii: "}")) { index += 1; return .mapping(items) }
                throw error("invalid character after object key:value pair")
            }
        case UInt8(ascii: "["):
            index += 1
            var elements: [SopsValue] = []
            skipWhitespace()
            if peek(UInt8(ascii: "]")) { index += 1; return .sequence(elements) }
            while true {
                elements.append(try readValue())
                skipWhitespace()
                if peek(UInt8(ascii: ",")) { index += 1; continue }
                if peek(UInt8(ascii: "]")) { index += 1; return .sequence(elements) }
                throw error("invalid character after array element")
            }
        case UInt8(ascii: "\""):
            let value = SopsValue.string(try readString())
            return leaf(value, start, ["g", "j"])
        case UInt8(ascii: "t"):
            try literal("true"); return leaf(.bool(true), start, ["p"])
        case UInt8(ascii: "f"):
            try literal("false"); return leaf(.bool(false), start, ["p"])
        case UInt8(ascii: "n"):
            try literal("null"); return leaf(.null, start, ["p"])
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let text = try readNumber()
            if !text.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
               let n = Int64(String(decoding: text, as: UTF8.self)) {
                return leaf(.int(n), start, ["p"])
            }
            guard let f = GoFloat.parse(String(decoding: text, as: UTF8.self)) else {
                throw error("number out of range")
            }
            return leaf(.float(f), start, ["p"])
        default:
            throw error("invalid character looking for beginning of value")
        }
    }

    private mutating func leaf(_ value: SopsValue, _ start: Int, _ styles: [String]) -> SopsValue {
        if recordSpans {
            spans.append(LeafSpan(range: start..<index, ordinal: leafCount, path: path, value: value, styles: styles))
        }
        leafCount += 1
        return value
    }

    private func peek(_ c: UInt8) -> Bool { index < bytes.count && bytes[index] == c }

    private mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
            index += 1
        }
    }

    private mutating func literal(_ word: String) throws(SopsError) {
        let w = Array(word.utf8)
        guard bytes[index...].starts(with: w) else { throw error("invalid literal") }
        index += w.count
    }

    private mutating func readNumber() throws(SopsError) -> ArraySlice<UInt8> {
        let start = index
        func digits() -> Int {
            let s = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            return index - s
        }
        if peek(UInt8(ascii: "-")) { index += 1 }
        if peek(UInt8(ascii: "0")) { index += 1 } else if digits() == 0 { throw error("invalid character in numeric literal") }
        if peek(UInt8(ascii: ".")) {
            index += 1
            guard digits() > 0 else { throw error("invalid character after decimal point in numeric literal") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            guard digits() > 0 else { throw error("invalid character in exponent of numeric literal") }
        }
        return bytes[start..<index]
    }

    /// A string literal's bytes: escapes resolved, invalid UTF-8 and lone surrogates → U+FFFD (as Go).
    private mutating func readString() throws(SopsError) -> [UInt8] {
        index += 1
        var out: [UInt8] = []
        var runStart = index
        while true {
            guard index < bytes.count else { throw error("unexpected end of JSON input in string literal") }
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                out += UTF8Repair.repaired(bytes[runStart..<index])
                index += 1
                return out
            }
            if c < 0x20 { throw error("invalid character in string literal") }
            guard c == UInt8(ascii: "\\") else { index += 1; continue }
            out += UTF8Repair.repaired(bytes[runStart..<index])
            index += 1
            guard index < bytes.count else { throw error("unexpected end of JSON input in string escape") }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    if bytes[index...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) {
                        let save = index
                        index += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            index = save
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00..<0xE000).contains(scalar) {
                    scalar = 0xFFFD
                }
                out += Array(String(Character(Unicode.Scalar(scalar)!)).utf8)
            default:
                throw error("invalid character in string escape code")
            }
            runStart = index
        }
    }

    private mutating func hex4() throws(SopsError) -> UInt32 {
        guard index + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16) else {
            throw error("invalid character in \\u hexadecimal character escape")
        }
        index += 4
        return v
    }

    private func error(_ message: String) -> SopsError {
        var line = 1, column = 1
        for b in bytes[..<min(index, bytes.count)] {
            if b == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return SopsError(.syntax, "Error unmarshalling input json: \(message) at line \(line), column \(column)")
    }
}

/// Go's treatment of invalid UTF-8 in decoded text: each bad byte becomes U+FFFD.
enum UTF8Repair {
    static func repaired(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        if bytes.allSatisfy({ $0 < 0x80 }) { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let n = validSequenceLength(bytes, at: i)
            if n == 0 { out += [0xEF, 0xBF, 0xBD]; i += 1 } else { out += bytes[i..<(i + n)]; i += n }
        }
        return out
    }

    /// Length of the valid UTF-8 sequence starting at `i`, 0 if invalid.
    static func validSequenceLength(_ b: ArraySlice<UInt8>, at i: Int) -> Int {
        let c = b[i]
        if c < 0x80 { return 1 }
        func cont(_ k: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool { i + k < b.endIndex && range.contains(b[i + k]) }
        switch c {
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0...0xBF) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80...0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90...0xBF) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80...0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }
}
