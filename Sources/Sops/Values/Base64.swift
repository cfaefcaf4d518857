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

    static func decode<Text: Collection>(_ text: Text) -> [UInt8]? where Text.Element == UInt8 {
        var quad = [UInt8]()
        quad.reserveCapacity(4)
        var out = [UInt8]()
        out.reserveCapacity(text.count / 4 * 3)
        var finished = false
        for c in text where c != 0x0A && c != 0x0D {
            guard !finished else { return nil }
            quad.append(c)
            guard quad.count == 4 else { continue }
            let v = quad.map { reverse[Int($0)] }
            if quad[2] == UInt8(ascii: "=") {
                guard quad[3] == UInt8(ascii: "="), v[0] != 0xFF, v[1] != 0xFF else { return nil }
                out.append(v[0] << 2 | v[1] >> 4)
                finished = true
            } else if quad[3] == UInt8(ascii: "=") {
                guard v[0] != 0xFF, v[1] != 0xFF, v[2] != 0xFF else { return nil }
                out.append(v[0] << 2 | v[1] >> 4)
                out.append(v[1] << 4 | v[2] >> 2)
                finished = true
            } else {
                guard !v.contains(0xFF) else { return nil }
                out.append(v[0] << 2 | v[1] >> 4)
                out.append(v[1] << 4 | v[2] >> 2)
                out.append(v[2] << 6 | v[3])
            }
            quad.removeAll(keepingCapacity: true)
        }
        return quad.isEmpty ? out : nil
    }
}
