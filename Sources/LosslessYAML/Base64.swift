/// Standard base64 with padding (RFC 4648), strict like Go's `StdEncoding`.
enum Base64 {
    static func decode(_ input: [UInt8]) -> [UInt8]? {
        guard input.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var i = 0
        while i < input.count {
            var quad: UInt32 = 0
            var padding = 0
            for k in 0..<4 {
                let c = input[i + k]
                let v: UInt32
                switch c {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - 65)
                case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - 97 + 26)
                case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - 48 + 52)
                case UInt8(ascii: "+"): v = 62
                case UInt8(ascii: "/"): v = 63
                case UInt8(ascii: "="):
                    guard i + 4 == input.count, k >= 2 else { return nil }
                    padding += 1
                    v = 0
                default: return nil
                }
                if padding > 0, c != UInt8(ascii: "=") { return nil }
                quad = quad << 6 | v
            }
            out.append(UInt8(quad >> 16 & 0xFF))
            if padding < 2 { out.append(UInt8(quad >> 8 & 0xFF)) }
            if padding < 1 { out.append(UInt8(quad & 0xFF)) }
            i += 4
        }
        return out
    }
}
