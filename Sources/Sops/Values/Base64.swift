/// Standard base64 (RFC 4648, padded) as Go's `base64.StdEncoding` reads and writes it: `\r`/`\n`
/// are skipped on decoding, anything else outside the alphabet or bad padding fails.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var it = bytes.makeIterator()
        while let a = it.next() {
            let b = it.next(), c = it.next()
            out.append(alphabet[Int(a >> 2)])
            out.append(alphabet[Int((a & 3) << 4 | (b ?? 0) >> 4)])
            out.append(b.map { alphabet[Int(($0 & 0x0F) << 2 | (c ?? 0) >> 6)] } ?? UInt8(ascii: "="))
            out.append(c.map { alphabet[Int($0 & 0x3F)] } ?? UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        text.withUnsafeBufferPointer { decode($0) }
    }

    static func decode(_ text: [UInt8]) -> [UInt8]? {
        text.withUnsafeBufferPointer { decode($0) }
    }

    private static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out = [UInt8]()
        out.reserveCapacity(text.count / 4 * 3)
        let reverse = Self.reverse  // one access to the lazy global, not one per character
        var quad: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        var filled = 0
        var padding = 0
        for c in text where c != 0x0A && c != 0x0D {
            if padding > 0 {
                // Only `=` may follow the first `=`, and only to complete the quantum.
                guard c == UInt8(ascii: "="), filled == 3 else { return nil }
                padding += 1
                filled = 4
                continue
            }
            if c == UInt8(ascii: "=") {
                guard filled >= 2 else { return nil }
                padding = 1
                if filled == 2 { filled = 3; continue }
                filled = 4
                continue
            }
            let v = reverse[Int(c)]
            guard v != 0xFF else { return nil }
            switch filled {
            case 0: quad.0 = v
            case 1: quad.1 = v
            case 2: quad.2 = v
            default: quad.3 = v
            }
            filled += 1
            if filled == 4 {
                out.append(quad.0 << 2 | quad.1 >> 4)
                out.append(quad.1 << 4 | quad.2 >> 2)
                out.append(quad.2 << 6 | quad.3)
                filled = 0
            }
        }
        if padding > 0 {
            guard filled == 4 else { return nil }
            out.append(quad.0 << 2 | quad.1 >> 4)
            if padding == 1 { out.append(quad.1 << 4 | quad.2 >> 2) }
            return out
        }
        return filled == 0 ? out : nil
    }
}
