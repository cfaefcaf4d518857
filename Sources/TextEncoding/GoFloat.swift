/// Go's `strconv.FormatFloat` / `ParseFloat` and `encoding/json` float spellings: how sops writes
/// the plaintext of `type:float` values, the MAC and the flat stores (spec/sops-format.md §3.3,
/// §1.6), and how go-yaml emits floats.
public enum GoFloat {
    /// Shortest round-trip decimal digits of |value| (no leading/trailing zeros) and the decimal point
    /// position: |value| = 0.digits × 10^point. Swift's `description` is already shortest round-trip.
    static func shortestDigits(_ value: Double) -> (digits: [UInt8], point: Int) {
        let text = Array(abs(value).description.utf8)
        var mantissa = text[...]
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            mantissa = text[..<e]
            exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self)) ?? 0
        }
        var digits: [UInt8] = []
        var point = 0
        var seenPoint = false
        for c in mantissa {
            if c == UInt8(ascii: ".") { seenPoint = true; continue }
            digits.append(c)
            if !seenPoint { point += 1 }
        }
        while let first = digits.first, first == UInt8(ascii: "0") { digits.removeFirst(); point -= 1 }
        while let last = digits.last, last == UInt8(ascii: "0") { digits.removeLast() }
        if digits.isEmpty { return ([UInt8(ascii: "0")], 1) }
        return (digits, point + exponent)
    }

    private static func special(_ value: Double) -> String? {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        return nil
    }

    /// `FormatFloat(v, 'f', -1, 64)`: plain decimal, never an exponent.
    public static func formatF(_ value: Double) -> String {
        if let s = special(value) { return s }
        let (digits, point) = shortestDigits(value)
        var out: [UInt8] = value.sign == .minus ? [UInt8(ascii: "-")] : []
        if point <= 0 {
            out += Array("0.".utf8) + [UInt8](repeating: UInt8(ascii: "0"), count: -point) + digits
        } else if point >= digits.count {
            out += digits + [UInt8](repeating: UInt8(ascii: "0"), count: point - digits.count)
        } else {
            out += digits[..<point] + [UInt8(ascii: ".")] + digits[point...]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `%e` with the shortest digits and a two-digit minimum exponent (`1e+21`, `1.5e-07`).
    public static func formatE(_ value: Double, uppercase: Bool = false) -> String {
        if let s = special(value) { return s }
        let (digits, point) = shortestDigits(value)
        var out = value.sign == .minus ? "-" : ""
        out += String(UnicodeScalar(digits[0]))
        if digits.count > 1 { out += "." + String(decoding: digits[1...], as: UTF8.self) }
        let exponent = point - 1
        let magnitude = String(abs(exponent))
        out += (uppercase ? "E" : "e") + (exponent < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" : "") + magnitude
        return out
    }

    /// `FormatFloat(v, 'g', -1, 64)`: exponent form when the exponent is < -4 or ≥ the shortest
    /// precision (at least 6 only when digits run past the point, as Go decides).
    public static func formatG(_ value: Double, uppercase: Bool = false) -> String {
        if let s = special(value) { return s }
        let (digits, point) = shortestDigits(value)
        var precision = 6
        if precision > digits.count && digits.count >= point { precision = digits.count }
        let exponent = point - 1
        if exponent < -4 || exponent >= precision { return formatE(value, uppercase: uppercase) }
        return formatF(value)
    }

    /// `encoding/json`: 'f' unless |v| < 1e-6 or ≥ 1e21, then 'e' with the exponent's leading zero cut.
    public static func formatJSON(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        let magnitude = abs(value)
        guard magnitude != 0, magnitude < 1e-6 || magnitude >= 1e21 else { return formatF(value) }
        var text = Array(formatE(value).utf8)
        let n = text.count
        if n >= 4, text[n - 4] == UInt8(ascii: "e"), text[n - 3] == UInt8(ascii: "-"), text[n - 2] == UInt8(ascii: "0") {
            text.remove(at: n - 2)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `strconv.ParseFloat(s, 64)` for decimal input: optional sign, digits with `_` separators, a
    /// fraction, an exponent; `Inf`/`Infinity`/`NaN` in any case. Out-of-range values fail as in Go.
    public static func parse(_ text: String) -> Double? {
        let lower = text.lowercased()
        switch lower {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan": return .nan
        default: break
        }
        let bytes = Array(text.utf8)
        var i = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
        var mantissaDigits = 0
        var cleaned: [UInt8] = Array(bytes[..<i])
        var previousWasDigit = false
        var seenPoint = false, seenExponent = false
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                cleaned.append(c); previousWasDigit = true
                if !seenExponent { mantissaDigits += 1 }
            case UInt8(ascii: "_"):
                guard previousWasDigit, i + 1 < bytes.count, (48...57).contains(bytes[i + 1]) else { return nil }
                previousWasDigit = false
            case UInt8(ascii: "."):
                guard !seenPoint, !seenExponent else { return nil }
                seenPoint = true; cleaned.append(c); previousWasDigit = false
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard !seenExponent, mantissaDigits > 0 else { return nil }
                seenExponent = true; cleaned.append(c); previousWasDigit = false
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "+") || bytes[i + 1] == UInt8(ascii: "-") {
                    i += 1; cleaned.append(bytes[i])
                }
                guard i + 1 < bytes.count, (48...57).contains(bytes[i + 1]) else { return nil }
            default:
                return nil
            }
            i += 1
        }
        guard mantissaDigits > 0, let value = Double(String(decoding: cleaned, as: UTF8.self)), value.isFinite else {
            return nil
        }
        return value
    }
}
