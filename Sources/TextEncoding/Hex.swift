/// Hexadecimal (base 16), as git object ids, pkt-line lengths, SigV4, the sops MAC and JSON and
/// URL escapes spell it.
public enum Hex {
    /// The lower-case digits, indexed by value.
    public static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The value of one digit of either case, or nil.
    public static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Two digits per byte, lower-case unless `uppercase`.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes, uppercase: Bool = false) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        if uppercase { out = out.map { $0 >= UInt8(ascii: "a") ? $0 - 0x20 : $0 } }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of an even number of digits (either case), or nil for anything else.
    public static func decode<Text: Collection>(_ text: Text) -> [UInt8]? where Text.Element == UInt8 {
        guard text.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2)
        var high: UInt8?
        for c in text {
            guard let nibble = value(c) else { return nil }
            if let h = high {
                out.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return out
    }
}
