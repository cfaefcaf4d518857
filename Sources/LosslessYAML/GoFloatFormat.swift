/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`: the shortest digits that round-trip, in `%e`
/// form when the decimal exponent is below -4 or at least 6 (`1e+06`, `1.234568e+09`,
/// `1e-05`), otherwise `%f` form (`1000`, `0.0001`); exponents have a sign and two digits or more.
enum GoFloatFormat {
    static func g(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let (negative, digits, exponent) = shortestDigits(value)
        let sign = negative ? "-" : ""
        let decimalPoint = exponent + 1
        if exponent < -4 || exponent >= 6 {
            var mantissa = String(digits.first!)
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let e = abs(exponent)
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (e < 10 ? "0" : "") + String(e)
        }
        if decimalPoint <= 0 {
            return sign + "0." + String(repeating: "0", count: -decimalPoint) + digits
        }
        if decimalPoint >= digits.count {
            return sign + digits + String(repeating: "0", count: decimalPoint - digits.count)
        }
        let split = digits.index(digits.startIndex, offsetBy: decimalPoint)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// Sign, shortest round-trip decimal digits (no leading/trailing zeros) and the decimal
    /// exponent of the first digit, taken from Swift's shortest representation.
    static func shortestDigits(_ value: Double) -> (Bool, String, Int) {
        var text = String(abs(value))   // e.g. "1234.5", "1e-07", "1.5e+20"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            text = String(text[..<e])
        }
        var integer = text
        var fraction = ""
        if let dot = text.firstIndex(of: ".") {
            integer = String(text[..<dot])
            fraction = String(text[text.index(after: dot)...])
        }
        var digits = integer + fraction
        var pointPosition = integer.count + exponent   // decimal point after this many digits
        while digits.hasPrefix("0") {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") { digits.removeLast() }
        return (value < 0, digits, pointPosition - 1)
    }
}
