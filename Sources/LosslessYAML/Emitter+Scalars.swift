/// Scalar analysis, style selection and the scalar writers of the go-yaml v3 emitter.
extension Emitter {
    /// Decides which styles can represent the value (yaml_emitter_analyze_scalar).
    mutating func analyzeScalar(_ value: [UInt8]) {
        scalar.value = value
        guard !value.isEmpty else {
            scalar.multiline = false
            scalar.flowPlainAllowed = false
            scalar.blockPlainAllowed = true
            scalar.singleQuotedAllowed = true
            scalar.blockAllowed = false
            return
        }
        var blockIndicators = false, flowIndicators = false, lineBreaks = false, specialCharacters = false
        var tabCharacters = false, leadingSpace = false, leadingBreak = false, trailingSpace = false
        var trailingBreak = false, breakSpace = false, spaceBreak = false
        var precededByWhitespace = true, previousSpace = false, previousBreak = false

        if value.count >= 3, (value[0] == UInt8(ascii: "-") && value[1] == UInt8(ascii: "-") && value[2] == UInt8(ascii: "-"))
            || (value[0] == UInt8(ascii: ".") && value[1] == UInt8(ascii: ".") && value[2] == UInt8(ascii: ".")) {
            blockIndicators = true
            flowIndicators = true
        }
        var i = 0
        while i < value.count {
            let c = value[i]
            let w = EmitterBytes.width(c)
            let followedByWhitespace = i + w >= value.count || EmitterBytes.isBlank(value, i + w)
            if i == 0 {
                switch c {
                case UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
                     UInt8(ascii: "}"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
                     UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
                     UInt8(ascii: "`"):
                    flowIndicators = true
                    blockIndicators = true
                case UInt8(ascii: "?"), UInt8(ascii: ":"):
                    flowIndicators = true
                    if followedByWhitespace { blockIndicators = true }
                case UInt8(ascii: "-"):
                    if followedByWhitespace {
                        flowIndicators = true
                        blockIndicators = true
                    }
                default:
                    break
                }
            } else {
                switch c {
                case UInt8(ascii: ","), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
                     UInt8(ascii: "}"):
                    flowIndicators = true
                case UInt8(ascii: ":"):
                    flowIndicators = true
                    if followedByWhitespace { blockIndicators = true }
                case UInt8(ascii: "#"):
                    if precededByWhitespace {
                        flowIndicators = true
                        blockIndicators = true
                    }
                default:
                    break
                }
            }
            if c == ByteClass.tab {
                tabCharacters = true
            } else if !EmitterBytes.isPrintable(value, i) {
                specialCharacters = true
            }
            if c == ByteClass.space {
                if i == 0 { leadingSpace = true }
                if i + w == value.count { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if EmitterBytes.isBreak(value, i) {
                lineBreaks = true
                if i == 0 { leadingBreak = true }
                if i + w == value.count { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = EmitterBytes.isBlankOrBreakOrEnd(value, i)
            i += w
        }
        scalar.multiline = lineBreaks
        scalar.flowPlainAllowed = true
        scalar.blockPlainAllowed = true
        scalar.singleQuotedAllowed = true
        scalar.blockAllowed = true
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
            scalar.flowPlainAllowed = false
            scalar.blockPlainAllowed = false
        }
        if trailingSpace { scalar.blockAllowed = false }
        if breakSpace {
            scalar.flowPlainAllowed = false
            scalar.blockPlainAllowed = false
            scalar.singleQuotedAllowed = false
        }
        if spaceBreak || tabCharacters || specialCharacters {
            scalar.flowPlainAllowed = false
            scalar.blockPlainAllowed = false
            scalar.singleQuotedAllowed = false
        }
        if spaceBreak || specialCharacters { scalar.blockAllowed = false }
        if lineBreaks {
            scalar.flowPlainAllowed = false
            scalar.blockPlainAllowed = false
        }
        if flowIndicators { scalar.flowPlainAllowed = false }
        if blockIndicators { scalar.blockPlainAllowed = false }
    }

    /// yaml_emitter_select_scalar_style (events here are always implicit or tagged).
    mutating func selectScalarStyle(_ event: EmitterEvent) {
        var style = event.style
        if simpleKeyContext && scalar.multiline { style = .doubleQuoted }
        if style == .plain {
            if (flowLevel > 0 && !scalar.flowPlainAllowed) || (flowLevel == 0 && !scalar.blockPlainAllowed) {
                style = .singleQuoted
            }
            if scalar.value.isEmpty && (flowLevel > 0 || simpleKeyContext) { style = .singleQuoted }
        }
        if style == .singleQuoted && !scalar.singleQuotedAllowed { style = .doubleQuoted }
        if style == .literal || style == .folded, !scalar.blockAllowed || flowLevel > 0 || simpleKeyContext {
            style = .doubleQuoted
        }
        scalar.style = style
    }

    mutating func processTag() {
        guard !tagHandle.isEmpty || !tagSuffix.isEmpty else { return }
        if !tagHandle.isEmpty {
            if !whitespace { put(ByteClass.space) }
            writeAll(tagHandle)
            whitespace = false
            indention = false
            if !tagSuffix.isEmpty { writeTagContent(tagSuffix) }
        } else {
            writeIndicator(Array("!<".utf8), needWhitespace: true, isWhitespace: false, isIndention: false)
            writeTagContent(tagSuffix)
            writeIndicator([UInt8(ascii: ">")], needWhitespace: false, isWhitespace: false, isIndention: false)
        }
    }

    mutating func writeTagContent(_ value: [UInt8]) {
        var i = 0
        while i < value.count {
            let c = value[i]
            if EmitterBytes.isAlpha(c) || ";/?:@&=+$,_.~*'()[]".utf8.contains(c) {
                write(value, &i)
            } else {
                for _ in 0..<EmitterBytes.width(c) {
                    let octet = value[i]
                    i += 1
                    put(UInt8(ascii: "%"))
                    put(EmitterBytes.hexDigit(octet >> 4))
                    put(EmitterBytes.hexDigit(octet & 0x0F))
                }
            }
        }
        whitespace = false
        indention = false
    }

    mutating func processScalar() {
        let value = scalar.value
        switch scalar.style {
        case .plain: writePlain(value)
        case .singleQuoted: writeSingleQuoted(value)
        case .doubleQuoted: writeDoubleQuoted(value)
        case .literal: writeLiteral(value)
        case .folded: writeFolded(value)
        }
    }

    // MARK: - Writers (the width is unlimited, so no line folding happens)

    mutating func writePlain(_ value: [UInt8]) {
        if !value.isEmpty && !whitespace { put(ByteClass.space) }
        writeFoldableText(value, doublingQuotes: false)
        if !value.isEmpty { whitespace = false }
        indention = false
        if rootContext { openEnded = true }
    }

    mutating func writeSingleQuoted(_ value: [UInt8]) {
        writeIndicator([UInt8(ascii: "'")], needWhitespace: true, isWhitespace: false, isIndention: false)
        writeFoldableText(value, doublingQuotes: true)
        writeIndicator([UInt8(ascii: "'")], needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    /// The body of a plain or single-quoted scalar: a line break is written doubled (folding
    /// turns one break into a space) and continuation lines are indented.
    mutating func writeFoldableText(_ value: [UInt8], doublingQuotes: Bool) {
        var breaks = false
        var i = 0
        while i < value.count {
            if value[i] == ByteClass.space {
                write(value, &i)
            } else if EmitterBytes.isBreak(value, i) {
                if !breaks && value[i] == ByteClass.lineFeed { putBreak() }
                writeBreak(value, &i)
                breaks = true
            } else {
                if breaks { writeIndent() }
                if doublingQuotes, value[i] == UInt8(ascii: "'") { put(UInt8(ascii: "'")) }
                write(value, &i)
                indention = false
                breaks = false
            }
        }
    }

    mutating func writeDoubleQuoted(_ value: [UInt8]) {
        writeIndicator([UInt8(ascii: "\"")], needWhitespace: true, isWhitespace: false, isIndention: false)
        var i = 0
        while i < value.count {
            let c = value[i]
            if !EmitterBytes.isPrintable(value, i) || EmitterBytes.isBOM(value, i) || EmitterBytes.isBreak(value, i)
                || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
                let w = EmitterBytes.width(c)
                var v = UInt32(w == 1 ? c & 0x7F : w == 2 ? c & 0x1F : w == 3 ? c & 0x0F : c & 0x07)
                for k in 1..<max(w, 1) where i + k < value.count { v = v << 6 | UInt32(value[i + k] & 0x3F) }
                i += w
                put(UInt8(ascii: "\\"))
                switch v {
                case 0x00: put(UInt8(ascii: "0"))
                case 0x07: put(UInt8(ascii: "a"))
                case 0x08: put(UInt8(ascii: "b"))
                case 0x09: put(UInt8(ascii: "t"))
                case 0x0A: put(UInt8(ascii: "n"))
                case 0x0B: put(UInt8(ascii: "v"))
                case 0x0C: put(UInt8(ascii: "f"))
                case 0x0D: put(UInt8(ascii: "r"))
                case 0x1B: put(UInt8(ascii: "e"))
                case 0x22: put(UInt8(ascii: "\""))
                case 0x5C: put(UInt8(ascii: "\\"))
                case 0x85: put(UInt8(ascii: "N"))
                case 0xA0: put(UInt8(ascii: "_"))
                case 0x2028: put(UInt8(ascii: "L"))
                case 0x2029: put(UInt8(ascii: "P"))
                default:
                    let digits: Int
                    if v <= 0xFF {
                        put(UInt8(ascii: "x")); digits = 2
                    } else if v <= 0xFFFF {
                        put(UInt8(ascii: "u")); digits = 4
                    } else {
                        put(UInt8(ascii: "U")); digits = 8
                    }
                    for k in stride(from: (digits - 1) * 4, through: 0, by: -4) {
                        put(EmitterBytes.hexDigit(UInt8((v >> UInt32(k)) & 0x0F)))
                    }
                }
            } else {
                write(value, &i)
            }
        }
        writeIndicator([UInt8(ascii: "\"")], needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    /// The indentation and chomping indicators of a block scalar header.
    mutating func writeBlockScalarHints(_ value: [UInt8]) {
        if value.first == ByteClass.space || EmitterBytes.isBreak(value, 0) {
            writeIndicator([UInt8(ascii: "0") + UInt8(bestIndent)], needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        openEnded = false
        var chomp: UInt8 = 0
        if value.isEmpty {
            chomp = UInt8(ascii: "-")
        } else {
            var i = value.count - 1
            while i > 0, value[i] & 0xC0 == 0x80 { i -= 1 }
            if !EmitterBytes.isBreak(value, i) {
                chomp = UInt8(ascii: "-")
            } else if i == 0 {
                chomp = UInt8(ascii: "+")
                openEnded = true
            } else {
                i -= 1
                while i > 0, value[i] & 0xC0 == 0x80 { i -= 1 }
                if EmitterBytes.isBreak(value, i) {
                    chomp = UInt8(ascii: "+")
                    openEnded = true
                }
            }
        }
        if chomp != 0 { writeIndicator([chomp], needWhitespace: false, isWhitespace: false, isIndention: false) }
    }

    mutating func writeLiteral(_ value: [UInt8]) {
        writeIndicator([UInt8(ascii: "|")], needWhitespace: true, isWhitespace: false, isIndention: false)
        writeBlockScalarHints(value)
        processLineComment()
        whitespace = true
        var breaks = true
        var i = 0
        while i < value.count {
            if EmitterBytes.isBreak(value, i) {
                writeBreak(value, &i)
                breaks = true
            } else {
                if breaks { writeIndent() }
                write(value, &i)
                indention = false
                breaks = false
            }
        }
    }

    mutating func writeFolded(_ value: [UInt8]) {
        writeIndicator([UInt8(ascii: ">")], needWhitespace: true, isWhitespace: false, isIndention: false)
        writeBlockScalarHints(value)
        processLineComment()
        whitespace = true
        var breaks = true
        var leadingSpaces = true
        var i = 0
        while i < value.count {
            if EmitterBytes.isBreak(value, i) {
                if !breaks && !leadingSpaces && value[i] == ByteClass.lineFeed {
                    // go-yaml scans from the start of the value here.
                    var k = 0
                    while EmitterBytes.isBreak(value, k) { k += EmitterBytes.width(value[k]) }
                    if !EmitterBytes.isBlankOrBreakOrEnd(value, k) { putBreak() }
                }
                writeBreak(value, &i)
                breaks = true
            } else {
                if breaks {
                    writeIndent()
                    leadingSpaces = EmitterBytes.isBlank(value, i)
                }
                write(value, &i)
                indention = false
                breaks = false
            }
        }
    }
}
