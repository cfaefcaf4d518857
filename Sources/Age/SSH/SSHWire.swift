import Crypto

/// Reads the SSH wire encoding (RFC 4251 §5: uint32, length-prefixed strings, mpints) with every
/// length checked against what is left; a short or oversized field is `nil`, never a trap.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var position: Int

    init(_ bytes: [UInt8], from position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position == bytes.count }
    /// What is left, for trailing padding checks.
    var remaining: ArraySlice<UInt8> { bytes[position...] }

    mutating func uint32() -> UInt32? {
        guard bytes.count - position >= 4 else { return nil }
        defer { position += 4 }
        return bytes[position..<position + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func string() -> ArraySlice<UInt8>? {
        guard let length = uint32(), Int(length) <= bytes.count - position else { return nil }
        defer { position += Int(length) }
        return bytes[position..<position + Int(length)]
    }

    /// A non-negative mpint, without its sign-padding zero bytes.
    mutating func positiveInteger() -> ArraySlice<UInt8>? {
        guard let value = string(), value.first.map({ $0 & 0x80 == 0 }) ?? true else { return nil }
        return value.drop { $0 == 0 }
    }
}

/// Writes the SSH wire encoding (for public key blobs, which fingerprints hash).
enum SSHWireWriter {
    static func string<Bytes: Collection>(_ value: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        let count = UInt32(value.count)
        return [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)] + value
    }

    /// A non-negative mpint: a zero byte in front when the top bit is set.
    static func positiveInteger(_ value: [UInt8]) -> [UInt8] {
        let minimal = Array(value.drop { $0 == 0 })
        return string(minimal.first.map { $0 & 0x80 != 0 } == true ? [0] + minimal : minimal)
    }
}
