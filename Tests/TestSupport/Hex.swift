public import TextEncoding

extension Hex {
    /// Test vectors written as hex, whitespace ignored; traps on anything else.
    public static func decode(_ hex: String) -> [UInt8] {
        decode(Array(hex.utf8.filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }))!
    }
}
