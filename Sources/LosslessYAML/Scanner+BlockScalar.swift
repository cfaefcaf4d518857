/// Literal (`|`) and folded (`>`) block scalars.
extension Scanner {
    mutating func fetchBlockScalar() throws(PositionedError) {
        try removeSimpleKey()
        simpleKeyAllowed = true
        let start = index
        let folded = current == UInt8(ascii: ">")
        advance()

        // Header: chomping and indentation indicators in either order.
        var chomping = YAMLChomping.clip
        var increment = 0
        for _ in 0..<2 {
            let c = current
            if c == UInt8(ascii: "+") || c == UInt8(ascii: "-"), chomping == .clip {
                chomping = c == UInt8(ascii: "+") ? .keep : .strip
                advance()
            } else if ByteClass.isDigit(c), increment == 0 {
                if c == UInt8(ascii: "0") { throw error("block scalar indentation indicator must be 1 to 9") }
                increment = Int(c - 0x30)
                advance()
            }
        }
        let headerEnd = index
        lastContentLine = line
        while ByteClass.isBlank(current) { advance() }
        if current == UInt8(ascii: "#") {
            if !ByteClass.isBlank(bytes[index - 1]) {
                throw error("a comment must be separated from other tokens by whitespace")
            }
            scanComment()
        }
        guard ByteClass.isBreakOrEnd(current) else {
            throw error("expected a comment or a line break after a block scalar header")
        }
        if index < count { skipBreak() }

        let parentIndent = max(indent, -1)
        var contentIndent = increment > 0 ? parentIndent + increment : 0
        let minimumIndent = parentIndent + 1
        var trailingBreaks = 0

        // Leading empty lines, and auto-detection of the content indentation.
        if contentIndent == 0 {
            var longestEmpty = 0
            var longestEmptyOffset = index
            while true {
                while current == ByteClass.space { advance() }
                if ByteClass.isBreak(current) {
                    if column > longestEmpty { longestEmpty = column; longestEmptyOffset = index }
                    skipBreak()
                    trailingBreaks += 1
                    continue
                }
                break
            }
            if current == ByteClass.tab, column < minimumIndent {
                throw error("tab character used for indentation")
            }
            let isContent = index < count && column >= minimumIndent && !(column == 0 && atDocumentIndicator())
            if isContent {
                if current == ByteClass.tab, column < longestEmpty {
                    throw error("tab character used for indentation")
                }
                if longestEmpty > column {
                    throw error("leading empty lines of a block scalar are indented more than its first line",
                                at: longestEmptyOffset)
                }
                contentIndent = column
            } else {
                contentIndent = max(longestEmpty, minimumIndent)
            }
            // The first content line (if any) is now at `contentIndent`.
        } else {
            try scanBlockScalarBreaks(indent: contentIndent, breaks: &trailingBreaks)
        }

        var value: [UInt8] = []
        var contentEnd = headerEnd
        var leadingBreak = false
        var leadingBlank = false
        while column == contentIndent, index < count {
            if column == 0, atDocumentIndicator() { break }
            let trailingBlank = ByteClass.isBlank(current)
            if folded, leadingBreak, !leadingBlank, !trailingBlank {
                if trailingBreaks == 0 { value.append(ByteClass.space) }
            } else if leadingBreak {
                value.append(ByteClass.lineFeed)
            }
            leadingBreak = false
            value.append(contentsOf: repeatElement(ByteClass.lineFeed, count: trailingBreaks))
            trailingBreaks = 0
            leadingBlank = ByteClass.isBlank(current)
            let lineStart = index
            while index < count, !ByteClass.isBreak(bytes[index]) { index += 1 }
            value.append(contentsOf: bytes[lineStart..<index])
            contentEnd = index
            if index >= count { break }
            skipBreak()
            leadingBreak = true
            try scanBlockScalarBreaks(indent: contentIndent, breaks: &trailingBreaks)
        }
        if chomping != .strip, leadingBreak { value.append(ByteClass.lineFeed) }
        if chomping == .keep { value.append(contentsOf: repeatElement(ByteClass.lineFeed, count: trailingBreaks)) }

        let header = YAMLBlockHeader(chomping: chomping, indentationIndicator: increment > 0 ? increment : nil,
                                     contentIndent: contentIndent)
        appendScalar(start: start, end: contentEnd, value: value, style: folded ? .folded : .literal, header: header)
    }

    /// Skips indentation and empty lines inside a block scalar whose indentation is known.
    mutating func scanBlockScalarBreaks(indent contentIndent: Int, breaks: inout Int) throws(PositionedError) {
        while true {
            while column < contentIndent, current == ByteClass.space { advance() }
            if column < contentIndent, current == ByteClass.tab {
                throw error("tab character used for indentation")
            }
            guard ByteClass.isBreak(current) else { return }
            skipBreak()
            breaks += 1
        }
    }
}
