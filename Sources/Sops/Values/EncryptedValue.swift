import TextEncoding
/// The text form of an encrypted value, `ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]`
/// (spec/sops-format.md §3.1).
struct EncryptedValue: Sendable, Equatable {
    var ciphertext: [UInt8]
    var iv: [UInt8]
    var tag: [UInt8]
    /// The `type:` field as written; `ValueType(rawValue:)` fails for unknown types.
    var type: String

    static let prefix = Array("ENC[AES256_GCM,data:".utf8)

    var text: String {
        "ENC[AES256_GCM,data:\(Base64.encode(ciphertext)),iv:\(Base64.encode(iv)),tag:\(Base64.encode(tag)),type:\(type)]"
    }

    /// Whether `bytes` starts like an encrypted value (the test Flux and `check` use).
    static func looksEncrypted(_ bytes: [UInt8]) -> Bool { bytes.starts(with: prefix) }

    /// Parses like sops' regex `^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]`: anchored at
    /// the start only, `.` stops at a newline, groups greedy. Nil when it does not match.
    init?(parsing bytes: [UInt8]) throws(SopsError) {
        guard bytes.starts(with: Self.prefix) else { return nil }
        let start = Self.prefix.count
        let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
        guard let bounds = Self.fieldBounds(bytes, from: start, to: end) else { return nil }
        guard let data = Base64.decode(bytes[start..<bounds[0]]),
              let iv = Base64.decode(bytes[(bounds[0] + 4)..<bounds[1]]),
              let tag = Base64.decode(bytes[(bounds[1] + 5)..<bounds[2]]) else {
            throw SopsError(.decryption, "Error base64-decoding an encrypted value")
        }
        self.init(ciphertext: data, iv: iv, tag: tag, type: String(decoding: bytes[(bounds[2] + 6)..<bounds[3]], as: UTF8.self))
    }

    init(ciphertext: [UInt8], iv: [UInt8], tag: [UInt8], type: String) {
        self.ciphertext = ciphertext
        self.iv = iv
        self.tag = tag
        self.type = type
    }

    /// Where `,iv:`, `,tag:`, `,type:` and the closing `]` start in `bytes[from..<to]` (after the prefix).
    static func fieldBounds(_ bytes: [UInt8], from: Int, to: Int) -> [Int]? {
        match(bytes, from: from, to: to, separators: separators[...])
    }

    private static let separators = [",iv:", ",tag:", ",type:", "]"].map { Array($0.utf8) }

    /// Greedy `(.+)sep1(.+)sep2…` over `bytes[from..<to]`: the start of each separator, each group
    /// taking the longest non-empty run that lets the rest match. A later separator placed further
    /// right only leaves more room before it, so each is the rightmost occurrence that still leaves
    /// its group non-empty before the next one: found from the last backwards, in linear time (a
    /// backtracking search took minutes on a few kilobytes of repeated separators).
    private static func match(_ bytes: [UInt8], from: Int, to: Int, separators: ArraySlice<[UInt8]>) -> [Int]? {
        var bounds = [Int](repeating: 0, count: separators.count)
        var limit = to  // where this separator must end: before the next one's non-empty group
        for (k, separator) in zip(separators.indices, separators).reversed() {
            var position = limit - separator.count
            while position > from, !bytes[position..<(position + separator.count)].elementsEqual(separator) { position -= 1 }
            guard position > from else { return nil }
            bounds[k - separators.startIndex] = position
            limit = position - 1
        }
        return bounds
    }
}
