/// ASCII classifications used by the scanner (spec productions in comments). Byte 0 is the end of
/// input: the reader rejects NUL, so it never occurs inside the text.
enum ByteClass {
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D

    /// s-white
    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab }
    /// b-char
    @inline(__always) static func isBreak(_ b: UInt8) -> Bool { b == lineFeed || b == carriageReturn }
    /// s-white, b-char or the end of input.
    @inline(__always) static func isBlankOrBreakOrEnd(_ b: UInt8) -> Bool {
        b == space || b == tab || b == lineFeed || b == carriageReturn || b == 0
    }
    @inline(__always) static func isBreakOrEnd(_ b: UInt8) -> Bool {
        b == lineFeed || b == carriageReturn || b == 0
    }
    /// c-flow-indicator
    @inline(__always) static func isFlowIndicator(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ",") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]")
            || b == UInt8(ascii: "{") || b == UInt8(ascii: "}")
    }
    /// c-indicator
    static func isIndicator(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
             UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""),
             UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            return true
        default:
            return false
        }
    }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }
    static func hexValue(_ b: UInt8) -> UInt32 {
        if isDigit(b) { return UInt32(b - 0x30) }
        if b >= 0x61 { return UInt32(b - 0x61 + 10) }
        return UInt32(b - 0x41 + 10)
    }
    /// ns-word-char
    static func isWordChar(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == UInt8(ascii: "-")
    }
    /// ns-uri-char without the `%` escape (checked separately).
    static func isURIChar(_ b: UInt8) -> Bool {
        if isWordChar(b) { return true }
        switch b {
        case UInt8(ascii: "#"), UInt8(ascii: ";"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: ":"),
             UInt8(ascii: "@"), UInt8(ascii: "&"), UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "$"),
             UInt8(ascii: ","), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "~"),
             UInt8(ascii: "*"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["),
             UInt8(ascii: "]"):
            return true
        default:
            return false
        }
    }
    /// ns-tag-char: a URI character other than `!` and the flow indicators.
    static func isTagChar(_ b: UInt8) -> Bool {
        isURIChar(b) && b != UInt8(ascii: "!") && !isFlowIndicator(b)
    }
}
