/// Turns validated UTF-8 bytes into tokens with byte ranges, recording comments on the side.
///
/// The structure follows libyaml's scanner (simple keys, an indentation stack, BLOCK-END tokens on
/// dedent) with the YAML 1.2 rules libyaml does not implement: plain scalars with `:` in flow
/// context, JSON-like keys with adjacent values, tabs only as separation, indentation of flow
/// content and quoted continuation lines, block scalars at column 0 at the top level.
struct Scanner {
    /// A place where an implicit key may begin, confirmed by a later `:`.
    struct SimpleKey {
        var possible = false
        var required = false
        var tokenNumber = 0
        var offset = 0
        var line = 0
        var column = 0
        var tabIndented = false
    }

    let bytes: [UInt8]
    let count: Int
    let limits: YAMLLimits

    var index = 0
    var line = 0
    var column = 0

    var tokens: [Token] = []
    var comments: [ScannedComment] = []
    var scalars: [ScannedScalar] = []
    var tags: [ScannedTag] = []
    var directives: [ScannedDirective] = []

    var flowLevel = 0
    /// For each open flow collection: true for a mapping.
    var flowIsMapping: [Bool] = []
    var indent = -1
    var indents: [Int] = []
    var simpleKeyAllowed = false
    var simpleKeys: [SimpleKey] = [SimpleKey()]

    /// True between a token that opens a document (content or `---`) and the next `...`.
    var documentOpen = false
    /// The line of the last content byte scanned (for trailing comments).
    var lastContentLine = -1
    /// True while scanning the leading whitespace of a line or the whitespace after a block
    /// indicator; a tab there is not allowed to set indentation.
    var inIndentation = true
    /// A tab was seen in the current indentation whitespace.
    var tabInIndentation = false
    /// The token being fetched was preceded by a tab in indentation whitespace.
    var tokenAfterTab = false
    /// True until the first token of the current line.
    var atLineStart = true
    /// Spaces before the first tab or token of the current line (its real indentation).
    var lineIndentSpaces = 0
    /// Offset just after the last JSON-like node (quoted scalar, `]`, `}`): a `:` after it needs
    /// no following space in flow context.
    var jsonLikeEnd = -1

    init(bytes: [UInt8], limits: YAMLLimits) {
        self.bytes = bytes
        self.count = bytes.count
        self.limits = limits
    }

    // MARK: - Reading

    @inline(__always) func at(_ i: Int) -> UInt8 { i < count ? bytes[i] : 0 }
    @inline(__always) var current: UInt8 { index < count ? bytes[index] : 0 }
    @inline(__always) var next: UInt8 { at(index + 1) }

    /// Moves over one byte that is not a line break.
    @inline(__always) mutating func advance() {
        if bytes[index] & 0xC0 != 0x80 { column += 1 }
        index += 1
    }

    /// Moves over one whole UTF-8 character.
    @inline(__always) mutating func advanceCharacter() {
        index += 1
        while index < count, bytes[index] & 0xC0 == 0x80 { index += 1 }
        column += 1
    }

    /// Moves over a line break (LF, CR or CRLF).
    @inline(__always) mutating func skipBreak() {
        if bytes[index] == ByteClass.carriageReturn, at(index + 1) == ByteClass.lineFeed { index += 1 }
        index += 1
        line += 1
        column = 0
    }

    /// `---` or `...` at the current position (column 0) followed by a blank or the end.
    func atDocumentIndicator() -> Bool {
        guard column == 0, index + 2 < count || index + 3 <= count else { return false }
        let c = at(index)
        guard c == UInt8(ascii: "-") || c == UInt8(ascii: ".") else { return false }
        return at(index + 1) == c && at(index + 2) == c && ByteClass.isBlankOrBreakOrEnd(at(index + 3))
    }

    func error(_ message: String, at offset: Int? = nil) -> PositionedError {
        PositionedError(offset ?? index, message)
    }

    // MARK: - Main loop

    /// Scans the whole input.
    mutating func scan() throws(PositionedError) {
        tokens.reserveCapacity(count / 5)
        tokens.append(Token(kind: .streamStart, start: 0, end: 0))
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        simpleKeyAllowed = true
        while true {
            try scanToNextToken()
            try staleSimpleKeys()
            unrollIndent(to: column)
            if index >= count {
                try fetchStreamEnd()
                return
            }
            tokenAfterTab = tabInIndentation && flowLevel == 0
            inIndentation = false
            tabInIndentation = false
            try fetchNextToken()
            atLineStart = false
            switch tokens[tokens.count - 1].kind {
            case .documentEnd: documentOpen = false
            case .versionDirective, .tagDirective, .reservedDirective: break
            default: documentOpen = true
            }
            if tokens[tokens.count - 1].kind != .scalar { lastContentLine = line }
        }
    }

    mutating func fetchNextToken() throws(PositionedError) {
        let c = current
        if column == 0 {
            if c == UInt8(ascii: "%") {
                if documentOpen {
                    throw error("a directive must follow a document end marker `...`")
                }
                return try fetchDirective()
            }
            if atDocumentIndicator() {
                return try fetchDocumentIndicator(c == UInt8(ascii: "-") ? .documentStart : .documentEnd)
            }
        }
        // Flow content lines must be indented past the surrounding block (9C9N), except a
        // closing bracket: `key: [\n  a\n]` is common JSON-like style that go-yaml accepts.
        if flowLevel > 0, indent >= 0, atLineStart, lineIndentSpaces <= indent,
           c != UInt8(ascii: "]"), c != UInt8(ascii: "}") {
            throw error(lineIndentSpaces < column
                        ? "tab character used for indentation" : "flow collection content is not indented enough")
        }
        let n = next
        switch c {
        case UInt8(ascii: "["): return try fetchFlowCollectionStart(.flowSequenceStart)
        case UInt8(ascii: "{"): return try fetchFlowCollectionStart(.flowMappingStart)
        case UInt8(ascii: "]"): return try fetchFlowCollectionEnd(.flowSequenceEnd)
        case UInt8(ascii: "}"): return try fetchFlowCollectionEnd(.flowMappingEnd)
        case UInt8(ascii: ","): return try fetchFlowEntry()
        case UInt8(ascii: "*"): return try fetchAnchor(.alias)
        case UInt8(ascii: "&"): return try fetchAnchor(.anchor)
        case UInt8(ascii: "!"): return try fetchTag()
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return try fetchQuotedScalar()
        default: break
        }
        if c == UInt8(ascii: "-"), ByteClass.isBlankOrBreakOrEnd(n) { return try fetchBlockEntry() }
        if c == UInt8(ascii: "?"), ByteClass.isBlankOrBreakOrEnd(n) || (flowLevel > 0 && ByteClass.isFlowIndicator(n)) {
            return try fetchKey()
        }
        if c == UInt8(ascii: ":"),
           ByteClass.isBlankOrBreakOrEnd(n)
            || (flowLevel > 0 && (ByteClass.isFlowIndicator(n) || jsonLikeEnd == lastTokenEnd)) {
            return try fetchValue()
        }
        if flowLevel == 0, c == UInt8(ascii: "|") || c == UInt8(ascii: ">") { return try fetchBlockScalar() }
        if startsPlainScalar(c, n) { return try fetchPlainScalar() }
        if c == UInt8(ascii: "#") { throw error("a comment must be separated from other tokens by whitespace") }
        if c == UInt8(ascii: "@") || c == UInt8(ascii: "`") {
            throw error("reserved indicator `\(Character(Unicode.Scalar(c)))` cannot start a plain scalar")
        }
        if c == ByteClass.tab { throw error("tab character used for indentation") }
        throw error("found a character that cannot start any token")
    }

    var lastTokenEnd: Int { tokens.last.map { $0.end } ?? -2 }

    /// ns-plain-first(c)
    func startsPlainScalar(_ c: UInt8, _ n: UInt8) -> Bool {
        if ByteClass.isBlankOrBreakOrEnd(c) { return false }
        if !ByteClass.isIndicator(c) { return true }
        guard c == UInt8(ascii: "-") || c == UInt8(ascii: "?") || c == UInt8(ascii: ":") else { return false }
        return !ByteClass.isBlankOrBreakOrEnd(n) && !(flowLevel > 0 && ByteClass.isFlowIndicator(n))
    }

    // MARK: - Whitespace and comments

    /// Skips blanks, comments and line breaks up to the next token.
    mutating func scanToNextToken() throws(PositionedError) {
        while true {
            while true {
                let c = current
                if c == ByteClass.space {
                    if atLineStart, lineIndentSpaces == column { lineIndentSpaces += 1 }
                    advance()
                } else if c == ByteClass.tab {
                    if inIndentation { tabInIndentation = true }
                    advance()
                } else {
                    break
                }
            }
            let c = current
            if c == UInt8(ascii: "#") {
                if index > 0, !ByteClass.isBlankOrBreakOrEnd(bytes[index - 1]) {
                    throw error("a comment must be separated from other tokens by whitespace")
                }
                scanComment()
            }
            if ByteClass.isBreak(current) {
                skipBreak()
                if flowLevel == 0 { simpleKeyAllowed = true }
                inIndentation = true
                tabInIndentation = false
                atLineStart = true
                lineIndentSpaces = 0
                continue
            }
            if index < count, current == 0xEF, next == 0xBB, at(index + 2) == 0xBF {
                throw error("a byte order mark is only allowed at the start of the input")
            }
            return
        }
    }

    /// Records the comment at `#` and moves to the end of its line.
    mutating func scanComment() {
        let start = index
        while index < count, !ByteClass.isBreak(bytes[index]) { index += 1 }
        comments.append(ScannedComment(start: start, end: index, trailing: lastContentLine == line))
    }

    // MARK: - Simple keys

    mutating func staleSimpleKeys() throws(PositionedError) {
        for level in simpleKeys.indices where simpleKeys[level].possible {
            let key = simpleKeys[level]
            let multiLineAllowed = level > 0 && flowIsMapping[level - 1]
            if (key.line < line && !multiLineAllowed) || key.offset + 1024 < index {
                if key.required { throw error("could not find expected ':' after an implicit key", at: key.offset) }
                simpleKeys[level].possible = false
            }
        }
    }

    mutating func saveSimpleKey() throws(PositionedError) {
        let required = flowLevel == 0 && indent == column
        guard simpleKeyAllowed else { return }
        try removeSimpleKey()
        simpleKeys[simpleKeys.count - 1] = SimpleKey(
            possible: true, required: required, tokenNumber: tokens.count,
            offset: index, line: line, column: column, tabIndented: tokenAfterTab)
    }

    mutating func removeSimpleKey() throws(PositionedError) {
        let key = simpleKeys[simpleKeys.count - 1]
        if key.possible, key.required {
            throw error("could not find expected ':' after an implicit key", at: key.offset)
        }
        simpleKeys[simpleKeys.count - 1].possible = false
    }

    // MARK: - Indentation

    /// Opens a block collection at `column` if it is deeper than the current indentation.
    mutating func rollIndent(_ column: Int, insertAt number: Int?, _ kind: TokenKind, at offset: Int) throws(PositionedError) {
        guard flowLevel == 0, indent < column else { return }
        if indents.count + flowLevel >= limits.maxDepth {
            throw error("nesting deeper than \(limits.maxDepth) levels", at: offset)
        }
        indents.append(indent)
        indent = column
        let token = Token(kind: kind, start: offset, end: offset)
        if let number { tokens.insert(token, at: number) } else { tokens.append(token) }
    }

    /// Closes block collections deeper than `column` (block context only).
    mutating func unrollIndent(to column: Int) {
        guard flowLevel == 0 else { return }
        while indent > column {
            tokens.append(Token(kind: .blockEnd, start: index, end: index))
            indent = indents.removeLast()
        }
    }

    // MARK: - Stream, directives, document markers

    mutating func fetchStreamEnd() throws(PositionedError) {
        unrollIndent(to: -1)
        try removeSimpleKey()
        simpleKeyAllowed = false
        tokens.append(Token(kind: .streamEnd, start: count, end: count))
    }

    mutating func fetchDocumentIndicator(_ kind: TokenKind) throws(PositionedError) {
        unrollIndent(to: -1)
        try removeSimpleKey()
        simpleKeyAllowed = false
        let start = index
        advance(); advance(); advance()
        tokens.append(Token(kind: kind, start: start, end: index))
        if kind == .documentEnd {
            var probe = index
            while ByteClass.isBlank(at(probe)) { probe += 1 }
            if !ByteClass.isBreakOrEnd(at(probe)), !(at(probe) == UInt8(ascii: "#") && probe > index) {
                throw error("only a comment may follow a document end marker on its line", at: probe)
            }
        }
    }

    // MARK: - Flow indicators

    mutating func fetchFlowCollectionStart(_ kind: TokenKind) throws(PositionedError) {
        try saveSimpleKey()
        if indents.count + flowLevel >= limits.maxDepth {
            throw error("nesting deeper than \(limits.maxDepth) levels")
        }
        flowLevel += 1
        flowIsMapping.append(kind == .flowMappingStart)
        simpleKeys.append(SimpleKey())
        simpleKeyAllowed = true
        appendSingle(kind)
    }

    mutating func fetchFlowCollectionEnd(_ kind: TokenKind) throws(PositionedError) {
        try removeSimpleKey()
        if flowLevel > 0 {
            flowLevel -= 1
            flowIsMapping.removeLast()
            simpleKeys.removeLast()
        }
        simpleKeyAllowed = false
        appendSingle(kind)
        jsonLikeEnd = index
    }

    mutating func fetchFlowEntry() throws(PositionedError) {
        try removeSimpleKey()
        simpleKeyAllowed = true
        appendSingle(.flowEntry)
    }

    // MARK: - Block indicators

    mutating func fetchBlockEntry() throws(PositionedError) {
        if flowLevel == 0 {
            if !simpleKeyAllowed { throw error("block sequence entries are not allowed in this context") }
            if tokenAfterTab { throw error("tab character used for indentation") }
            try rollIndent(column, insertAt: nil, .blockSequenceStart, at: index)
        }
        try removeSimpleKey()
        simpleKeyAllowed = true
        appendSingle(.blockEntry)
        inIndentation = true
    }

    mutating func fetchKey() throws(PositionedError) {
        if flowLevel == 0 {
            if !simpleKeyAllowed { throw error("mapping keys are not allowed in this context") }
            if tokenAfterTab { throw error("tab character used for indentation") }
            try rollIndent(column, insertAt: nil, .blockMappingStart, at: index)
        }
        try removeSimpleKey()
        simpleKeyAllowed = flowLevel == 0
        appendSingle(.key)
        inIndentation = true
    }

    mutating func fetchValue() throws(PositionedError) {
        let key = simpleKeys[simpleKeys.count - 1]
        if key.possible {
            if key.tabIndented { throw error("tab character used for indentation", at: key.offset) }
            tokens.insert(Token(kind: .key, start: key.offset, end: key.offset), at: key.tokenNumber)
            try rollIndent(key.column, insertAt: key.tokenNumber, .blockMappingStart, at: key.offset)
            simpleKeys[simpleKeys.count - 1].possible = false
            simpleKeyAllowed = false
        } else {
            if flowLevel == 0 {
                if !simpleKeyAllowed { throw error("mapping values are not allowed in this context") }
                if tokenAfterTab { throw error("tab character used for indentation") }
                try rollIndent(column, insertAt: nil, .blockMappingStart, at: index)
            }
            simpleKeyAllowed = flowLevel == 0
        }
        appendSingle(.value)
        inIndentation = true
    }

    /// Appends a one-byte indicator token at the current position and moves past it.
    mutating func appendSingle(_ kind: TokenKind) {
        let start = index
        advance()
        tokens.append(Token(kind: kind, start: start, end: index))
    }
}
