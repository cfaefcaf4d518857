/// Plain and quoted scalars: the styles whose line breaks fold into spaces.
extension Scanner {
    mutating func fetchPlainScalar() throws(PositionedError) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        let start = index
        let minimumColumn = indent + 1
        var end = index
        // The value equals the source text until a line break folds; only then is it copied.
        var folded: [UInt8]?
        var pendingStart = -1      // whitespace run between words on one line
        var sawBreak = false       // a line break since the last word
        var extraBreaks = 0        // empty lines after the first break
        var lineSpaces = 0         // indentation spaces of the current continuation line

        outer: while true {
            if column == 0, atDocumentIndicator() { break }
            if current == UInt8(ascii: "#") { break }
            if sawBreak, lineSpaces < minimumColumn, flowLevel > 0, index < count,
               current != UInt8(ascii: "]"), current != UInt8(ascii: "}") {
                throw error(column >= minimumColumn ? "tab character used for indentation"
                            : "flow scalar continuation line is not indented enough")
            }
            let segmentStart = index
            while true {
                let c = current
                if ByteClass.isBlankOrBreakOrEnd(c) { break }
                if c == UInt8(ascii: ":") {
                    let n = next
                    if ByteClass.isBlankOrBreakOrEnd(n) || (flowLevel > 0 && ByteClass.isFlowIndicator(n)) { break }
                }
                if flowLevel > 0, ByteClass.isFlowIndicator(c) { break }
                advance()
            }
            if index > segmentStart {
                if sawBreak {
                    if folded == nil { folded = Array(bytes[start..<end]) }
                    if extraBreaks == 0 {
                        folded!.append(ByteClass.space)
                    } else {
                        folded!.append(contentsOf: repeatElement(ByteClass.lineFeed, count: extraBreaks))
                    }
                    sawBreak = false
                    extraBreaks = 0
                } else if pendingStart >= 0, folded != nil {
                    folded!.append(contentsOf: bytes[pendingStart..<segmentStart])
                }
                pendingStart = -1
                folded?.append(contentsOf: bytes[segmentStart..<index])
                end = index
                lastContentLine = line
            }
            let c = current
            guard ByteClass.isBlank(c) || ByteClass.isBreak(c) else { break }
            while true {
                let c = current
                if ByteClass.isBlank(c) {
                    if sawBreak, column < minimumColumn, c == ByteClass.tab, flowLevel == 0 {
                        // A tab cannot indent a continuation line: the scalar ends here.
                        break outer
                    }
                    if !sawBreak, pendingStart < 0 { pendingStart = index }
                    if c == ByteClass.space, lineSpaces == column { lineSpaces += 1 }
                    advance()
                } else if ByteClass.isBreak(c) {
                    skipBreak()
                    lineSpaces = 0
                    if sawBreak { extraBreaks += 1 } else { sawBreak = true }
                    pendingStart = -1
                } else {
                    break
                }
            }
            if flowLevel == 0, column < minimumColumn { break }
        }
        if sawBreak { simpleKeyAllowed = true }
        if let folded {
            appendScalar(start: start, end: end, value: folded, style: .plain)
        } else {
            appendScalar(start: start, end: end, value: bytes[start..<end], style: .plain)
        }
    }

    mutating func fetchQuotedScalar() throws(PositionedError) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        let single = current == UInt8(ascii: "'")
        let quote = single ? UInt8(ascii: "'") : UInt8(ascii: "\"")
        let start = index
        let minimumColumn = indent + 1
        advance()
        let contentStart = index
        // The value equals the source text until an escape, a doubled quote or a line break.
        var value: [UInt8]?
        while true {
            if column == 0, atDocumentIndicator() {
                throw error("document marker inside a quoted scalar")
            }
            if index >= count { throw error("unterminated quoted scalar", at: start) }
            var crossedLine = false
            var escapedBreak = false
            // Content on one line.
            while true {
                let c = current
                if ByteClass.isBlankOrBreakOrEnd(c) { break }
                if c == quote {
                    guard single, next == quote else { break }
                    if value == nil { value = Array(bytes[contentStart..<index]) }
                    value!.append(quote)
                    advance(); advance()
                    continue
                }
                if !single, c == UInt8(ascii: "\\") {
                    if value == nil { value = Array(bytes[contentStart..<index]) }
                    if ByteClass.isBreak(next) {
                        advance()
                        skipBreak()
                        escapedBreak = true
                        crossedLine = true
                        break
                    }
                    try scanEscape(into: &value!)
                    continue
                }
                value?.append(c)
                advance()
            }
            if current == quote { break }
            if index >= count { throw error("unterminated quoted scalar", at: start) }
            // Whitespace and line breaks between lines (or words).
            let whitespaceStart = index
            var whitespaceEnd = index
            var breaks = 0
            var lineSpaces = escapedBreak ? 0 : -1
            while true {
                let c = current
                if ByteClass.isBlank(c) {
                    if c == ByteClass.space, lineSpaces == column { lineSpaces += 1 }
                    advance()
                    if !crossedLine { whitespaceEnd = index }
                } else if ByteClass.isBreak(c) {
                    skipBreak()
                    breaks += 1
                    crossedLine = true
                    lineSpaces = 0
                } else {
                    break
                }
            }
            if crossedLine {
                if index >= count { throw error("unterminated quoted scalar", at: start) }
                if max(lineSpaces, 0) < minimumColumn, !(column == 0 && atDocumentIndicator()) {
                    if !hasClosingQuote(from: index, single: single) {
                        throw error("unterminated quoted scalar", at: start)
                    }
                    throw error(column >= minimumColumn ? "tab character used for indentation"
                                : "quoted scalar continuation line is not indented enough")
                }
                if value == nil { value = Array(bytes[contentStart..<whitespaceStart]) }
                if escapedBreak {
                    // `\` + break: the break itself is removed; further breaks are kept.
                    value!.append(contentsOf: repeatElement(ByteClass.lineFeed, count: breaks))
                } else if breaks == 1 {
                    value!.append(ByteClass.space)
                } else {
                    value!.append(contentsOf: repeatElement(ByteClass.lineFeed, count: breaks - 1))
                }
            } else {
                value?.append(contentsOf: bytes[whitespaceStart..<whitespaceEnd])
            }
        }
        let contentEnd = index
        advance()  // closing quote
        lastContentLine = line
        jsonLikeEnd = index
        let style: YAMLScalarStyle = single ? .singleQuoted : .doubleQuoted
        if let value {
            appendScalar(start: start, end: index, value: value, style: style)
        } else {
            appendScalar(start: start, end: index, value: bytes[contentStart..<contentEnd], style: style)
        }
    }

    /// Whether a closing quote follows (to tell an unterminated scalar from a misindented one).
    func hasClosingQuote(from offset: Int, single: Bool) -> Bool {
        var i = offset
        while i < count {
            let c = bytes[i]
            if !single, c == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if c == (single ? UInt8(ascii: "'") : UInt8(ascii: "\"")) { return true }
            i += 1
        }
        return false
    }

    /// Decodes one `\` escape of a double-quoted scalar (ns-esc-char).
    mutating func scanEscape(into value: inout [UInt8]) throws(PositionedError) {
        let escapeStart = index
        advance()
        let c = current
        var codeLength = 0
        switch c {
        case UInt8(ascii: "0"): value.append(0)
        case UInt8(ascii: "a"): value.append(7)
        case UInt8(ascii: "b"): value.append(8)
        case UInt8(ascii: "t"), ByteClass.tab: value.append(9)
        case UInt8(ascii: "n"): value.append(10)
        case UInt8(ascii: "v"): value.append(11)
        case UInt8(ascii: "f"): value.append(12)
        case UInt8(ascii: "r"): value.append(13)
        case UInt8(ascii: "e"): value.append(27)
        case ByteClass.space: value.append(0x20)
        case UInt8(ascii: "\""): value.append(0x22)
        case UInt8(ascii: "/"): value.append(0x2F)
        case UInt8(ascii: "\\"): value.append(0x5C)
        case UInt8(ascii: "N"): appendScalar(0x85, to: &value)
        case UInt8(ascii: "_"): appendScalar(0xA0, to: &value)
        case UInt8(ascii: "L"): appendScalar(0x2028, to: &value)
        case UInt8(ascii: "P"): appendScalar(0x2029, to: &value)
        case UInt8(ascii: "x"): codeLength = 2
        case UInt8(ascii: "u"): codeLength = 4
        case UInt8(ascii: "U"): codeLength = 8
        default:
            throw error("unknown escape sequence in a double-quoted scalar", at: escapeStart)
        }
        advance()
        guard codeLength > 0 else { return }
        var code: UInt32 = 0
        for _ in 0..<codeLength {
            let h = current
            guard ByteClass.isHexDigit(h) else {
                throw error("escape sequence needs \(codeLength) hexadecimal digits", at: escapeStart)
            }
            code = code << 4 | ByteClass.hexValue(h)
            advance()
        }
        guard (code < 0xD800 || code > 0xDFFF) && code <= 0x10FFFF else {
            throw error("escape sequence is not a Unicode scalar value", at: escapeStart)
        }
        appendScalar(code, to: &value)
    }

    func appendScalar(_ code: UInt32, to value: inout [UInt8]) {
        let scalar = Unicode.Scalar(code)!
        value.append(contentsOf: UTF8.encode(scalar)!)
    }

    mutating func appendScalar<Bytes: Collection<UInt8>>(start: Int, end: Int, value: Bytes, style: YAMLScalarStyle,
                                                        header: YAMLBlockHeader? = nil) {
        scalars.append(ScannedScalar(value: String(decoding: value, as: UTF8.self), style: style, blockHeader: header))
        tokens.append(Token(kind: .scalar, start: start, end: end, payload: Int32(scalars.count - 1)))
    }
}
