/// libyaml's byte classes as go-yaml uses them in the emitter.
enum EmitterBytes {
    static func at(_ s: [UInt8], _ i: Int) -> UInt8 { i < s.count ? s[i] : 0 }

    static func width(_ b: UInt8) -> Int {
        if b & 0x80 == 0 { return 1 }
        if b & 0xE0 == 0xC0 { return 2 }
        if b & 0xF0 == 0xE0 { return 3 }
        if b & 0xF8 == 0xF0 { return 4 }
        return 1
    }

    static func isBlank(_ s: [UInt8], _ i: Int) -> Bool { at(s, i) == ByteClass.space || at(s, i) == ByteClass.tab }

    /// `\r`, `\n`, NEL, LS, PS.
    static func isBreak(_ s: [UInt8], _ i: Int) -> Bool {
        let c = at(s, i)
        return c == ByteClass.carriageReturn || c == ByteClass.lineFeed
            || (c == 0xC2 && at(s, i + 1) == 0x85)
            || (c == 0xE2 && at(s, i + 1) == 0x80 && (at(s, i + 2) == 0xA8 || at(s, i + 2) == 0xA9))
    }

    static func isBlankOrBreakOrEnd(_ s: [UInt8], _ i: Int) -> Bool {
        i >= s.count || isBlank(s, i) || isBreak(s, i) || s[i] == 0
    }

    static func isBOM(_ s: [UInt8], _ i: Int) -> Bool {
        at(s, i) == 0xEF && at(s, i + 1) == 0xBB && at(s, i + 2) == 0xBF
    }

    /// go-yaml's `is_printable`: LF, printable ASCII, and the BMP above U+00A0 except surrogates,
    /// U+FEFF, U+FFFE and U+FFFF. Tab, CR and characters beyond the BMP are not printable.
    static func isPrintable(_ s: [UInt8], _ i: Int) -> Bool {
        let b = at(s, i), n = at(s, i + 1), m = at(s, i + 2)
        return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && n >= 0xA0) || (b > 0xC2 && b < 0xED)
            || (b == 0xED && n < 0xA0) || b == 0xEE
            || (b == 0xEF && !(n == 0xBB && m == 0xBF) && !(n == 0xBF && (m == 0xBE || m == 0xBF)))
    }

    static func isAlpha(_ b: UInt8) -> Bool {
        ByteClass.isDigit(b) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "_")
            || b == UInt8(ascii: "-")
    }

    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? value + 0x30 : value - 10 + 0x41
    }
}
