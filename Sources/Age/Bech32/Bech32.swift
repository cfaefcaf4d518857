import Crypto

/// Bech32 (BIP 173, the original checksum constant), as age encodes keys: no 90-character limit,
/// the human-readable part returned in its original case so callers can insist on `age` or
/// `AGE-SECRET-KEY-`.
enum Bech32 {
    struct DecodingError: Error, Equatable, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    private static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let table: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (value, char) in charset.enumerated() { table[Int(char)] = Int8(value) }
        return table
    }()
    private static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]

    /// Encodes `data` under `hrp` in lowercase (age upper-cases secret keys afterwards). Secret
    /// keys pass through here, so intermediate buffers are cleared.
    static func encode(hrp: String, data: [UInt8]) -> [UInt8] {
        let lowerHRP = Array(hrp.lowercased().utf8)
        var values = convertBits(data, from: 8, to: 5, pad: true)!
        defer { Memory.zero(&values) }
        values += checksum(hrp: lowerHRP, values: values)
        return lowerHRP + [UInt8(ascii: "1")] + values.map { charset[Int($0)] }
    }

    /// Decodes `bytes`; the HRP keeps its case, the data is the 8-bit payload.
    static func decode(_ bytes: [UInt8]) throws(DecodingError) -> (hrp: String, data: [UInt8]) {
        let hasLower = bytes.contains { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
        let hasUpper = bytes.contains { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
        guard !(hasLower && hasUpper) else { throw DecodingError("mixed case") }
        guard let separator = bytes.lastIndex(of: UInt8(ascii: "1")), separator >= 1, separator + 7 <= bytes.count else {
            throw DecodingError("separator '1' at invalid position")
        }
        let hrp = bytes[..<separator]
        guard hrp.allSatisfy({ (33...126).contains($0) }) else { throw DecodingError("invalid character in human-readable part") }
        var values = [UInt8]()
        defer { Memory.zero(&values) }
        values.reserveCapacity(bytes.count - separator - 1)
        for char in bytes[(separator + 1)...] {
            let lower = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(char) ? char + 32 : char
            guard lower < 128, table[Int(lower)] >= 0 else { throw DecodingError("invalid character in data part") }
            values.append(UInt8(table[Int(lower)]))
        }
        let lowerHRP = hrp.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 }
        guard polymod(expand(lowerHRP) + values) == 1 else { throw DecodingError("invalid checksum") }
        guard let data = convertBits(Array(values.dropLast(6)), from: 5, to: 8, pad: false) else {
            throw DecodingError("invalid data padding")
        }
        return (String(decoding: hrp, as: UTF8.self), data)
    }

    private static func checksum(hrp: [UInt8], values: [UInt8]) -> [UInt8] {
        let mod = polymod(expand(hrp) + values + [0, 0, 0, 0, 0, 0]) ^ 1
        return (0..<6).map { UInt8(truncatingIfNeeded: mod >> (5 * (5 - UInt32($0)))) & 31 }
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] {
        hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 }
    }

    private static func polymod(_ values: [UInt8]) -> UInt32 {
        var chk: UInt32 = 1
        for value in values {
            let top = chk >> 25
            chk = (chk & 0x1ff_ffff) << 5 ^ UInt32(value)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { chk ^= generator[i] }
        }
        return chk
    }

    /// Regroups bits; without padding, leftover bits must be fewer than `from` and all zero.
    private static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var accumulator = 0, bits = 0
        let maxValue = (1 << to) - 1
        var out = [UInt8]()
        out.reserveCapacity(data.count * from / to + 1)
        for value in data {
            accumulator = (accumulator << from | Int(value)) & 0xffff
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((accumulator >> bits) & maxValue))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8((accumulator << (to - bits)) & maxValue)) }
        } else if bits >= from || (accumulator << (to - bits)) & maxValue != 0 {
            return nil
        }
        return out
    }
}
