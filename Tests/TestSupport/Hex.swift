/// Hex and base64 helpers for test vectors.
public enum Hex {
    public static func decode(_ hex: String) -> [UInt8] {
        var out = [UInt8]()
        var chars = hex.filter { !$0.isWhitespace }.makeIterator()
        while let hi = chars.next(), let lo = chars.next() {
            out.append(UInt8(String([hi, lo]), radix: 16)!)
        }
        return out
    }

    public static func encode(_ bytes: [UInt8], uppercase: Bool = false) -> String {
        bytes.map { String(format2: $0, uppercase: uppercase) }.joined()
    }
}

private extension String {
    init(format2 byte: UInt8, uppercase: Bool) {
        let digits = Array(uppercase ? "0123456789ABCDEF" : "0123456789abcdef")
        self = String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
    }
}
