/// Whether yaml.v3 would read a plain scalar as something other than a string (resolve.go), plus
/// the YAML 1.1 leftovers its encoder also quotes: what decides `x: "123"` versus `x: 123`.
enum YAMLPlainScalar {
    static func resolvesToNonString(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first else { return true }
        switch text {
        case "true", "True", "TRUE", "false", "False", "FALSE", "~", "null", "Null", "NULL",
             ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
            return true
        default: break
        }
        switch first {
        case UInt8(ascii: "."):
            return isFloat(bytes)
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return isTimestamp(bytes) || isInteger(bytes) || isFloat(bytes)
        default:
            return false
        }
    }

    /// YAML 1.1 booleans, which yaml.v3's encoder still quotes.
    static func isOldBool(_ text: String) -> Bool {
        ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"].contains(text)
    }

    /// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$` (YAML 1.1 sexagesimal numbers).
    static func isBase60Float(_ text: String) -> Bool {
        var b = Array(text.utf8)[...]
        if let c = b.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { b = b.dropFirst() }
        guard let c = b.first, isDigit(c) else { return false }
        b = b.dropFirst()
        while let c = b.first, isDigit(c) || c == UInt8(ascii: "_") { b = b.dropFirst() }
        var groups = 0
        while b.first == UInt8(ascii: ":") {
            b = b.dropFirst()
            guard let first = b.first, isDigit(first) else { return false }
            b = b.dropFirst()
            if let second = b.first, isDigit(second), first <= UInt8(ascii: "5") { b = b.dropFirst() }
            groups += 1
        }
        guard groups > 0 else { return false }
        if b.first == UInt8(ascii: ".") {
            b = b.dropFirst()
            while let c = b.first, isDigit(c) || c == UInt8(ascii: "_") { b = b.dropFirst() }
        }
        return b.isEmpty
    }

    private static func isDigit(_ c: UInt8) -> Bool { (48...57).contains(c) }

    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` after removing `_`.
    private static func isFloat(_ raw: [UInt8]) -> Bool {
        let b = raw.filter { $0 != UInt8(ascii: "_") }
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        func digits() -> Int { let s = i; while i < b.count, isDigit(b[i]) { i += 1 }; return i - s }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if i < b.count, b[i] == UInt8(ascii: ".") { i += 1; _ = digits() }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == b.count
    }

    /// Go `ParseInt(s, 0, 64)`/`ParseUint` syntax after removing `_`: sign, `0x`/`0o`/`0b`/legacy `0` prefix.
    private static func isInteger(_ raw: [UInt8]) -> Bool {
        var b = raw.filter { $0 != UInt8(ascii: "_") }[...]
        if let c = b.first, c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { b = b.dropFirst() }
        guard !b.isEmpty else { return false }
        var valid: (UInt8) -> Bool = isDigit
        if b.count > 1, b.first == UInt8(ascii: "0") {
            switch b[b.startIndex + 1] {
            case UInt8(ascii: "x"), UInt8(ascii: "X"):
                b = b.dropFirst(2); valid = { isDigit($0) || (97...102).contains($0 | 0x20) }
            case UInt8(ascii: "o"), UInt8(ascii: "O"):
                b = b.dropFirst(2); valid = { (48...55).contains($0) }
            case UInt8(ascii: "b"), UInt8(ascii: "B"):
                b = b.dropFirst(2); valid = { $0 == 48 || $0 == 49 }
            default:
                valid = { (48...55).contains($0) }
            }
        }
        return !b.isEmpty && b.allSatisfy(valid)
    }

    /// yaml.v3 timestamps: `YYYY-M-D`, optionally `[Tt ]h:m:s[.frac][Z|±hh:mm]`.
    private static func isTimestamp(_ b: [UInt8]) -> Bool {
        guard b.count >= 8, b[0..<4].allSatisfy(isDigit), b[4] == UInt8(ascii: "-") else { return false }
        var i = 5
        func number(_ maxDigits: Int) -> Bool {
            let s = i
            while i < b.count, isDigit(b[i]), i - s < maxDigits { i += 1 }
            return i > s
        }
        guard number(2), i < b.count, b[i] == UInt8(ascii: "-") else { return false }
        i += 1
        guard number(2) else { return false }
        if i == b.count { return true }
        guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == 0x20 else { return false }
        while i < b.count, b[i] == 0x20 || b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") { i += 1 }
        guard number(2), i < b.count, b[i] == UInt8(ascii: ":") else { return false }
        i += 1
        guard number(2), i < b.count, b[i] == UInt8(ascii: ":") else { return false }
        i += 1
        guard number(2) else { return false }
        if i < b.count, b[i] == UInt8(ascii: ".") { i += 1; _ = number(Int.max) }
        if i < b.count, b[i] == UInt8(ascii: "Z") { i += 1 }
        else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            i += 1
            guard number(2), i < b.count, b[i] == UInt8(ascii: ":") else { return false }
            i += 1
            guard number(2) else { return false }
        }
        return i == b.count
    }
}
