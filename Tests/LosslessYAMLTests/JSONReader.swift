/// A small JSON reader for the suite's `in.json`: keeps member order and duplicates, and reads
/// several concatenated values (one per YAML document).
indirect enum JSONValue: Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.null, .null): return true
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }
}

struct JSONReader {
    struct Failure: Error {}
    let bytes: [UInt8]
    var i = 0

    static func readAll(_ bytes: [UInt8]) throws -> [JSONValue] {
        var reader = JSONReader(bytes: bytes)
        var values: [JSONValue] = []
        reader.skipSpace()
        while reader.i < bytes.count {
            values.append(try reader.value())
            reader.skipSpace()
        }
        return values
    }

    mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
    }

    mutating func value() throws -> JSONValue {
        skipSpace()
        guard i < bytes.count else { throw Failure() }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var members: [(String, JSONValue)] = []
            skipSpace()
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skipSpace()
                guard case .string(let key) = try value() else { throw Failure() }
                skipSpace()
                guard bytes[i] == UInt8(ascii: ":") else { throw Failure() }
                i += 1
                members.append((key, try value()))
                skipSpace()
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                guard bytes[i] == UInt8(ascii: "}") else { throw Failure() }
                i += 1
                return .object(members)
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                items.append(try value())
                skipSpace()
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                guard bytes[i] == UInt8(ascii: "]") else { throw Failure() }
                i += 1
                return .array(items)
            }
        case UInt8(ascii: "\""):
            i += 1
            var out: [UInt8] = []
            while bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") {
                    i += 1
                    let c = bytes[i]
                    i += 1
                    switch c {
                    case UInt8(ascii: "n"): out.append(10)
                    case UInt8(ascii: "t"): out.append(9)
                    case UInt8(ascii: "r"): out.append(13)
                    case UInt8(ascii: "b"): out.append(8)
                    case UInt8(ascii: "f"): out.append(12)
                    case UInt8(ascii: "u"):
                        var code = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16)!
                        i += 4
                        if code >= 0xD800, code < 0xDC00, bytes[i] == UInt8(ascii: "\\") {
                            let low = UInt32(String(decoding: bytes[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16)!
                            i += 6
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        out.append(contentsOf: Array(String(Unicode.Scalar(code)!).utf8))
                    default: out.append(c)
                    }
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            i += 1
            return .string(String(decoding: out, as: UTF8.self))
        case UInt8(ascii: "t"): i += 4; return .bool(true)
        case UInt8(ascii: "f"): i += 5; return .bool(false)
        case UInt8(ascii: "n"): i += 4; return .null
        default:
            let start = i
            while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
            guard let number = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else { throw Failure() }
            return .number(number)
        }
    }
}
