import TextEncoding
/// yaml.v3's scalar typing (`resolve.go` + `decoder.scalar` into `interface{}`), which decides
/// what sops sees: spec/sops-format.md §2.2 and sops-ref's "Value typing".
enum ScalarResolver {
    /// Why a tagged scalar could not be decoded (the scalar text is deliberately not included).
    struct Mismatch: Error {
        let message: String
    }

    static let yamlPrefix = "tag:yaml.org,2002:"

    /// The value of a scalar written with `style` and an optional resolved `tag`.
    static func resolve(_ value: String, style: YAMLScalarStyle, tag: String?) throws(Mismatch) -> YAMLValue {
        let short = tag.map(TagText.short) ?? ""
        if short == "!!str" || (style.isIndicatedString && (short.isEmpty || short == "!")) {
            return .string(value)
        }
        let requested = short == "!" ? "" : short
        if requested == "!!binary" { return try decodeBinary(value) }
        switch requested {
        case "", "!!str", "!!bool", "!!int", "!!float", "!!null", "!!timestamp":
            break
        default:
            // Tags yaml.v3 does not resolve (`!local`, `!!set`, `!!merge`, …) keep the text.
            return .string(value)
        }
        let (resolvedTag, resolved) = resolvePlain(value, tag: requested)
        if requested.isEmpty || requested == resolvedTag { return resolved }
        if requested == "!!float", case .int(let i) = resolved { return .float(Double(i)) }
        throw Mismatch(message: "cannot decode a \(resolvedTag) scalar as \(requested)")
    }

    /// resolve() for a plain scalar or one tagged with a core tag: (short tag, value).
    static func resolvePlain(_ text: String, tag: String) -> (String, YAMLValue) {
        let utf8 = text.utf8
        let hint: UInt8
        if let first = utf8.first {
            switch first {
            case UInt8(ascii: "+"), UInt8(ascii: "-"): hint = UInt8(ascii: "S")
            case UInt8(ascii: "0")...UInt8(ascii: "9"): hint = UInt8(ascii: "D")
            case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"),
                 UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"),
                 UInt8(ascii: "~"):
                hint = UInt8(ascii: "M")
            case UInt8(ascii: "."): hint = UInt8(ascii: ".")
            default: hint = 0
            }
        } else {
            hint = UInt8(ascii: "N")
        }
        guard hint != 0 else { return ("!!str", .string(text)) }
        if let known = wellKnown(text) { return known }
        let bytes = Array(utf8)
        switch hint {
        case UInt8(ascii: "."):
            if GoNumberParsing.underscoresAreWellPlaced(bytes) {
                let plain = bytes.filter { $0 != UInt8(ascii: "_") }
                if GoNumberParsing.isYAMLStyleFloat(plain), let value = GoNumberParsing.parseDecimalFloat(plain) {
                    return ("!!float", .float(value))
                }
            }
        case UInt8(ascii: "D"), UInt8(ascii: "S"):
            if tag.isEmpty || tag == "!!timestamp", let timestamp = TimestampParser.parse(Substring(text).utf8) {
                return ("!!timestamp", .timestamp(timestamp))
            }
            let plain = bytes.filter { $0 != UInt8(ascii: "_") }
            if let value = GoNumberParsing.parseInt(plain) { return ("!!int", .int(value)) }
            if let value = GoNumberParsing.parseUint(plain) { return ("!!int", .uint64(value)) }
            if GoNumberParsing.isYAMLStyleFloat(plain), let value = GoNumberParsing.parseDecimalFloat(plain) {
                return ("!!float", .float(value))
            }
            // yaml.v3 retries `0b`/`0o` literals with an explicit base, which accepts a sign
            // after the prefix: `0o-1` is -1, `0b+1` is 1.
            for (prefix, base) in [("0b", UInt64(2)), ("0o", UInt64(8))] {
                let p = Array(prefix.utf8)
                if plain.starts(with: p) {
                    if let value = GoNumberParsing.parseInt(plain[2...], base: base) { return ("!!int", .int(value)) }
                    if let value = GoNumberParsing.parseUint(plain[2...], base: base) { return ("!!int", .uint64(value)) }
                } else if plain.starts(with: [UInt8(ascii: "-")] + p),
                          let value = GoNumberParsing.parseInt([UInt8(ascii: "-")] + plain[3...], base: base) {
                    return ("!!int", .int(value))
                }
            }
        default:
            break
        }
        return ("!!str", .string(text))
    }

    /// yaml.v3's resolveMap.
    static func wellKnown(_ text: String) -> (String, YAMLValue)? {
        switch text {
        case "true", "True", "TRUE": return ("!!bool", .bool(true))
        case "false", "False", "FALSE": return ("!!bool", .bool(false))
        case "", "~", "null", "Null", "NULL": return ("!!null", .null)
        case ".nan", ".NaN", ".NAN": return ("!!float", .float(.nan))
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return ("!!float", .float(.infinity))
        case "-.inf", "-.Inf", "-.INF": return ("!!float", .float(-.infinity))
        default: return nil
        }
    }

    /// `!!binary`: Go's base64.StdEncoding (padding required, CR/LF ignored); a string when the
    /// payload is UTF-8, bytes otherwise.
    static func decodeBinary(_ text: String) throws(Mismatch) -> YAMLValue {
        guard let bytes = Base64.decode(text.utf8.filter { $0 != 0x0A && $0 != 0x0D }) else {
            throw Mismatch(message: "!!binary value contains invalid base64 data")
        }
        if let string = String(validating: bytes, as: UTF8.self) { return .string(string) }
        return .bytes(bytes)
    }
}
