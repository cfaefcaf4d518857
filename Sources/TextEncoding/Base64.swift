/// Base64 (RFC 4648) in the dialects gitsops meets: sops and Kubernetes (standard, padded, Go's
/// lenient decoder), age (standard, unpadded, canonical only), Azure and JWTs (URL-safe,
/// unpadded), YAML `!!binary` (line breaks and spaces allowed).
public enum Base64 {
    /// An alphabet, a padding rule and what decoding tolerates.
    public struct Dialect: Sendable, Equatable {
        public enum Padding: Sendable, Equatable {
            /// Encoded with `=`; decoding requires it.
            case required
            /// Encoded without `=`; decoding rejects it.
            case forbidden
            /// Encoded with `=`; decoding accepts it present (and then correct) or absent.
            case optional
        }

        let urlSafe: Bool
        public let padding: Padding
        /// Decoding rejects non-zero bits after the last byte (two encodings, one value).
        public let canonical: Bool
        /// Bytes decoding skips anywhere (Go's decoder skips `\r` and `\n`).
        let skipped: [UInt8]

        /// `A–Z a–z 0–9 + /`, `=` padding, `\r`/`\n` skipped: Go's `base64.StdEncoding`, as sops,
        /// Kubernetes Secret `data` and the AWS/GCP/Vault APIs use it.
        public static let standard = Dialect(urlSafe: false, padding: .required, canonical: false, skipped: [0x0A, 0x0D])
        /// Standard alphabet without padding, canonical only, nothing skipped (age stanzas and MACs).
        public static let raw = Dialect(urlSafe: false, padding: .forbidden, canonical: true, skipped: [])
        /// Standard alphabet, padded, canonical only, nothing skipped (age armor lines).
        public static let strict = Dialect(urlSafe: false, padding: .required, canonical: true, skipped: [])
        /// `A–Z a–z 0–9 - _` without padding on output, padding optional on input (Azure, JWTs).
        public static let url = Dialect(urlSafe: true, padding: .optional, canonical: true, skipped: [])
        /// Standard, padding optional, canonical (responses of services that may drop `=`).
        public static let lenientPadding = Dialect(urlSafe: false, padding: .optional, canonical: true, skipped: [])
        /// Standard, padded, spaces, tabs and line breaks skipped (YAML `!!binary`, PEM bodies).
        public static let whitespaceTolerant = Dialect(urlSafe: false, padding: .required, canonical: false,
                                                       skipped: [0x20, 0x09, 0x0A, 0x0D])

        var alphabet: [UInt8] { urlSafe ? Base64.urlAlphabet : Base64.standardAlphabet }
        var writesPadding: Bool { padding != .forbidden && !urlSafe }
    }

    static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let urlAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Encodes `bytes` as a string.
    public static func encode<Bytes: Collection>(_ bytes: Bytes, _ dialect: Dialect = .standard) -> String
    where Bytes.Element == UInt8 {
        var out = [UInt8]()
        append(bytes, to: &out, dialect)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the encoding of `bytes` to `out` (no intermediate string).
    public static func append<Bytes: Collection>(_ bytes: Bytes, to out: inout [UInt8], _ dialect: Dialect = .standard)
    where Bytes.Element == UInt8 {
        // Generic code called from another module runs unspecialised (a witness call per byte):
        // contiguous input goes through the buffer version instead.
        let done: Void? = bytes.withContiguousStorageIfAvailable { append(buffer: $0, to: &out, dialect) }
        if done == nil { Array(bytes).withUnsafeBufferPointer { append(buffer: $0, to: &out, dialect) } }
    }

    private static func append(buffer bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8], _ dialect: Dialect) {
        let a = dialect.alphabet
        out.reserveCapacity(out.count + (bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next(), b2 = b1 == nil ? nil : iterator.next()
            out.append(a[Int(b0 >> 2)])
            out.append(a[Int((b0 & 0x03) << 4 | (b1 ?? 0) >> 4)])
            if let b1 { out.append(a[Int((b1 & 0x0f) << 2 | (b2 ?? 0) >> 6)]) } else if dialect.writesPadding { out.append(0x3D) }
            if let b2 { out.append(a[Int(b2 & 0x3f)]) } else if dialect.writesPadding { out.append(0x3D) }
        }
    }

    /// Decodes `text`; nil when it is not valid in the dialect.
    public static func decode<Text: Collection>(_ text: Text, _ dialect: Dialect = .standard) -> [UInt8]?
    where Text.Element == UInt8 {
        // As in `append`: one unspecialised call, then a loop over a buffer.
        if let decoded = text.withContiguousStorageIfAvailable({ decode(buffer: $0, dialect) }) { return decoded }
        return Array(text).withUnsafeBufferPointer { decode(buffer: $0, dialect) }
    }

    private static func decode(buffer text: UnsafeBufferPointer<UInt8>, _ dialect: Dialect) -> [UInt8]? {
        let reverse = dialect.urlSafe ? urlReverse : standardReverse
        let skipped = dialect.skipped
        var out = [UInt8]()
        out.reserveCapacity(text.count / 4 * 3 + 2)
        var accumulator: UInt32 = 0, bits = 0, symbols = 0, padding = 0
        for c in text {
            if skipped.contains(c) { continue }
            if c == 0x3D {
                guard dialect.padding != .forbidden, symbols % 4 >= 2, symbols % 4 + padding < 4 else { return nil }
                padding += 1
                continue
            }
            guard padding == 0 else { return nil }  // nothing but `=` after the first `=`
            let value = reverse[Int(c)]
            guard value != 0xFF else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            symbols += 1
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        let remainder = symbols % 4
        guard remainder != 1 else { return nil }
        switch dialect.padding {
        case .required: guard remainder == 0 ? padding == 0 : remainder + padding == 4 else { return nil }
        case .optional: guard padding == 0 || remainder + padding == 4 else { return nil }
        case .forbidden: break
        }
        if dialect.canonical { guard accumulator & ((1 << UInt32(bits)) - 1) == 0 else { return nil } }
        return out
    }

    /// Decodes a string.
    public static func decode(_ text: String, _ dialect: Dialect = .standard) -> [UInt8]? {
        decode(Array(text.utf8), dialect)
    }

    private static let standardReverse = reverseTable(standardAlphabet)
    private static let urlReverse = reverseTable(urlAlphabet)

    private static func reverseTable(_ alphabet: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, char) in alphabet.enumerated() { table[Int(char)] = UInt8(value) }
        return table
    }
}
