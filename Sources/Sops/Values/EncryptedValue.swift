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
        let line = bytes[Self.prefix.count...].prefix { $0 != 0x0A }
        guard let groups = Self.match(Array(line), separators: [",iv:", ",tag:", ",type:", "]"].map { Array($0.utf8) })
        else { return nil }
        guard let data = Base64.decode(groups[0]), let iv = Base64.decode(groups[1]), let tag = Base64.decode(groups[2]) else {
            throw SopsError(.decryption, "Error base64-decoding an encrypted value")
        }
        self.init(ciphertext: data, iv: iv, tag: tag, type: String(decoding: groups[3], as: UTF8.self))
    }

    init(ciphertext: [UInt8], iv: [UInt8], tag: [UInt8], type: String) {
        self.ciphertext = ciphertext
        self.iv = iv
        self.tag = tag
        self.type = type
    }

    /// Greedy `(.+)sep1(.+)sep2…`: each group takes the longest non-empty run that lets the rest match.
    private static func match(_ text: [UInt8], separators: [[UInt8]]) -> [ArraySlice<UInt8>]? {
        guard let separator = separators.first else { return [] }
        var end = text.count - separator.count
        while end >= 1 {
            if text[end..<(end + separator.count)].elementsEqual(separator) {
                let rest = Array(text[(end + separator.count)...])
                if separators.count == 1 { return [text[..<end]] }
                if let tail = match(rest, separators: Array(separators.dropFirst())) {
                    return [text[..<end]] + tail.map { ArraySlice($0) }
                }
            }
            end -= 1
        }
        return nil
    }
}
