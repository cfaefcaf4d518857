import TextEncoding

extension GoFloat {
    /// sops `ValueToString` for floats in dotenv/INI: `%G`, with `.0` added to integral results.
    static func formatValueString(_ value: Double) -> String {
        let text = formatG(value, uppercase: true)
        if text.contains(".") || text.contains("E") || value.isNaN || value.isInfinite { return text }
        return formatF(value) + ".0"
    }
}
