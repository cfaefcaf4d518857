public import TextEncoding

extension Base64 {
    /// Decodes base64 text into secret bytes (data keys returned by a key service), clearing the
    /// intermediate buffer.
    public static func decodeSecret<Bytes: Collection>(_ text: Bytes, _ dialect: Dialect = .lenientPadding) -> SecretBytes?
    where Bytes.Element == UInt8 {
        guard var bytes = decode(text, dialect) else { return nil }
        defer { Memory.zero(&bytes) }
        return SecretBytes(bytes)
    }
}
