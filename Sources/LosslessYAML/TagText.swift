/// Tag text helpers.
enum TagText {
    /// Decodes `%XX` escapes of a tag (the scanner has already checked they are well formed).
    static func percentDecoded(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
               ByteClass.isHexDigit(bytes[i + 1]), ByteClass.isHexDigit(bytes[i + 2]) {
                out.append(UInt8(ByteClass.hexValue(bytes[i + 1]) << 4 | ByteClass.hexValue(bytes[i + 2])))
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The short form yaml.v3 uses: `tag:yaml.org,2002:str` → `!!str`.
    static func short(_ tag: String) -> String {
        let prefix = "tag:yaml.org,2002:"
        return tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }
}
