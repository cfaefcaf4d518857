/// Go's `strconv` number syntax as yaml.v3 uses it.
enum GoNumberParsing {
    /// `strconv.ParseInt(s, 0, 64)`: optional sign, `0x`/`0o`/`0b` prefixes, a leading `0` means
    /// octal; nil on bad syntax or overflow. `s` has no underscores (yaml.v3 removed them).
    static func parseInt(_ s: [UInt8]) -> Int64? {
        guard let first = s.first else { return nil }
        var digits = s[...]
        var negative = false
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard let magnitude = parseUint(Array(digits)) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// `strconv.ParseUint(s, 0, 64)` (no sign).
    static func parseUint(_ s: [UInt8]) -> UInt64? {
        guard !s.isEmpty else { return nil }
        var base: UInt64 = 10
        var digits = s[...]
        if s[0] == UInt8(ascii: "0") {
            let prefix = s.count >= 3 ? s[1] | 0x20 : 0
            switch prefix {
            case UInt8(ascii: "b"): base = 2; digits = s[2...]
            case UInt8(ascii: "o"): base = 8; digits = s[2...]
            case UInt8(ascii: "x"): base = 16; digits = s[2...]
            default: base = 8; digits = s[1...]
            }
        }
        return parseDigits(digits, base: base)
    }

    /// `strconv.ParseInt(s, base, 64)` with an explicit base: optional sign, digits, no prefix.
    static func parseInt(_ s: ArraySlice<UInt8>, base: UInt64) -> Int64? {
        guard let first = s.first else { return nil }
        var digits = s
        var negative = false
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, let magnitude = parseDigits(digits, base: base) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// `strconv.ParseUint(s, base, 64)` with an explicit base.
    static func parseUint(_ s: ArraySlice<UInt8>, base: UInt64) -> UInt64? {
        s.isEmpty ? nil : parseDigits(s, base: base)
    }

    /// Digits of `base` (letters for 10–35) into a UInt64; nil on a bad digit or overflow. An
    /// empty run is 0 (Go's ParseUint after stripping a lone `0` octal prefix).
    static func parseDigits(_ digits: ArraySlice<UInt8>, base: UInt64) -> UInt64? {
        var value: UInt64 = 0
        for c in digits {
            let d: UInt64
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt64(c - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): d = UInt64(c - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): d = UInt64(c - 0x41 + 10)
            default: return nil
            }
            guard d < base else { return nil }
            let (product, overflow1) = value.multipliedReportingOverflow(by: base)
            let (sum, overflow2) = product.addingReportingOverflow(d)
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// yaml.v3's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isYAMLStyleFloat(_ s: [UInt8]) -> Bool {
        var i = 0
        let n = s.count
        if i < n, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
        if i < n, s[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < n, ByteClass.isDigit(s[i]) { i += 1 }
            if i == start { return false }
        } else {
            let start = i
            while i < n, ByteClass.isDigit(s[i]) { i += 1 }
            if i == start { return false }
            if i < n, s[i] == UInt8(ascii: ".") {
                i += 1
                while i < n, ByteClass.isDigit(s[i]) { i += 1 }
            }
        }
        if i < n, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            if i < n, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
            let start = i
            while i < n, ByteClass.isDigit(s[i]) { i += 1 }
            if i == start { return false }
        }
        return i == n
    }

    /// `strconv.ParseFloat(s, 64)` for decimal text already known to be well formed; nil when Go
    /// reports a range error (overflow to infinity).
    static func parseDecimalFloat(_ s: [UInt8]) -> Double? {
        guard let value = Double(String(decoding: s, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
    static func underscoresAreWellPlaced(_ text: [UInt8]) -> Bool {
        var s = text[...]
        if let first = s.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { s = s.dropFirst() }
        var saw: UInt8 = UInt8(ascii: "^")
        var hex = false
        var i = s.startIndex
        if s.count >= 2, s[i] == UInt8(ascii: "0") {
            let p = s[i + 1] | 0x20
            if p == UInt8(ascii: "b") || p == UInt8(ascii: "o") || p == UInt8(ascii: "x") {
                i += 2
                saw = UInt8(ascii: "0")
                hex = p == UInt8(ascii: "x")
            }
        }
        while i < s.endIndex {
            let c = s[i]
            let lower = c | 0x20
            if ByteClass.isDigit(c) || (hex && lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f")) {
                saw = UInt8(ascii: "0")
            } else if c == UInt8(ascii: "_") {
                if saw != UInt8(ascii: "0") { return false }
                saw = UInt8(ascii: "_")
            } else {
                if saw == UInt8(ascii: "_") { return false }
                saw = UInt8(ascii: "!")
            }
            i += 1
        }
        return saw != UInt8(ascii: "_")
    }
}
