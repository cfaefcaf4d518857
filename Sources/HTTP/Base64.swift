public import Crypto

/// Base64 (RFC 4648) in the two alphabets the key services use, straight into and out of
/// `SecretBytes` so data keys do not pass through intermediate strings.
public enum Base64 {
    /// The alphabet and padding of one base64 dialect.
    public struct Dialect: Sendable, Equatable {
        let alphabet: [UInt8]
        let padded: Bool
        /// `A–Z a–z 0–9 + /` with `=` padding (AWS KMS, GCP KMS, Vault).
        public static let standard = Dialect(alphabet: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8), padded: true)
        /// `A–Z a–z 0–9 - _` without padding (Azure Key Vault, JWTs).
        public static let urlUnpadded = Dialect(alphabet: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8), padded: false)
    }

    /// Encodes `bytes` as a string.
    public static func encode<Bytes: Collection>(_ bytes: Bytes, _ dialect: Dialect = .standard) -> String where Bytes.Element == UInt8 {
        var out = [UInt8]()
        append(Array(bytes), to: &out, dialect)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the encoding of `bytes` to `out`.
    public static func append<Bytes: Collection>(_ bytes: Bytes, to out: inout [UInt8], _ dialect: Dialect = .standard)
    where Bytes.Element == UInt8 {
        let a = dialect.alphabet
        out.reserveCapacity(out.count + (bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next(), b2 = iterator.next()
            out.append(a[Int(b0 >> 2)])
            out.append(a[Int((b0 & 0x03) << 4 | (b1 ?? 0) >> 4)])
            if let b1 { out.append(a[Int((b1 & 0x0f) << 2 | (b2 ?? 0) >> 6)]) } else if dialect.padded { out.append(UInt8(ascii: "=")) }
            if let b2 { out.append(a[Int(b2 & 0x3f)]) } else if dialect.padded { out.append(UInt8(ascii: "=")) }
        }
    }

    /// Decodes `text`; nil if it is not valid in the dialect. Padding is optional for both
    /// dialects (some services drop it), but when present it must be correct.
    public static func decode(_ text: String, _ dialect: Dialect = .standard) -> [UInt8]? {
        decode(bytes: Array(text.utf8), dialect)
    }

    /// Decodes base64 text into secret bytes (for data keys returned by a key service).
    public static func decodeSecret<Bytes: Collection>(_ text: Bytes, _ dialect: Dialect = .standard) -> SecretBytes?
    where Bytes.Element == UInt8 {
        guard var bytes = decode(bytes: text, dialect) else { return nil }
        defer { Memory.zero(&bytes) }
        return SecretBytes(bytes)
    }

    static func decode<Bytes: Collection>(bytes text: Bytes, _ dialect: Dialect) -> [UInt8]? where Bytes.Element == UInt8 {
        var input = Array(text)
        defer { Memory.zero(&input) }
        var end = input.count
        var padding = 0
        while end > 0, input[end - 1] == UInt8(ascii: "="), padding < 2 { end -= 1; padding += 1 }
        if padding > 0, input.count % 4 != 0 { return nil }
        guard end % 4 != 1 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(end / 4 * 3 + 2)
        var accumulator: UInt32 = 0
        var bits = 0
        for i in 0..<end {
            guard let value = sextet(input[i], dialect) else { Memory.zero(&out); return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        // Leftover bits must be zero (canonical encoding).
        guard accumulator & ((1 << UInt32(bits)) - 1) == 0 else { Memory.zero(&out); return nil }
        accumulator = 0
        return out
    }

    private static func sextet(_ c: UInt8, _ dialect: Dialect) -> UInt8? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): c - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): c - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0") + 52
        case dialect.alphabet[62]: 62
        case dialect.alphabet[63]: 63
        default: nil
        }
    }
}
