/// Anchors, aliases, tags and directives.
extension Scanner {
    mutating func fetchAnchor(_ kind: TokenKind) throws(PositionedError) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        let start = index
        advance()
        while true {
            let c = current
            if ByteClass.isBlankOrBreakOrEnd(c) || ByteClass.isFlowIndicator(c) { break }
            advanceCharacter()
        }
        if index == start + 1 {
            throw error(kind == .alias ? "alias name is empty" : "anchor name is empty", at: start)
        }
        tokens.append(Token(kind: kind, start: start, end: index))
    }

    mutating func fetchTag() throws(PositionedError) {
        try saveSimpleKey()
        simpleKeyAllowed = false
        let start = index
        let tag: ScannedTag
        if next == UInt8(ascii: "<") {
            advance(); advance()
            let suffix = try scanURI(allowExclamation: true, allowFlowIndicators: true)
            guard current == UInt8(ascii: ">"), !suffix.isEmpty else {
                throw error("verbatim tag must be written as !<uri>", at: start)
            }
            advance()
            tag = ScannedTag(handle: "", suffix: suffix, verbatim: true)
        } else {
            // `!`, `!!suffix`, `!suffix`, `!handle!suffix`
            advance()
            var probe = index
            while ByteClass.isWordChar(at(probe)) { probe += 1 }
            var handle = "!"
            if at(probe) == UInt8(ascii: "!") {
                handle = String(decoding: bytes[(index - 1)...probe], as: UTF8.self)
                while index <= probe { advance() }
            }
            let suffix = try scanURI(allowExclamation: false, allowFlowIndicators: false)
            if handle != "!", suffix.isEmpty {
                throw error("tag \(handle) needs a suffix", at: start)
            }
            tag = ScannedTag(handle: suffix.isEmpty ? "" : handle, suffix: suffix.isEmpty ? "!" : suffix, verbatim: false)
        }
        let c = current
        if !ByteClass.isBlankOrBreakOrEnd(c), !(flowLevel > 0 && ByteClass.isFlowIndicator(c)) {
            throw error("a tag must be followed by whitespace")
        }
        tags.append(tag)
        tokens.append(Token(kind: .tag, start: start, end: index, payload: Int32(tags.count - 1)))
    }

    /// ns-uri-char+ (or ns-tag-char+), validating `%` escapes; returns the text as written.
    mutating func scanURI(allowExclamation: Bool, allowFlowIndicators: Bool) throws(PositionedError) -> String {
        let start = index
        while true {
            let c = current
            if c == UInt8(ascii: "%") {
                guard ByteClass.isHexDigit(next), ByteClass.isHexDigit(at(index + 2)) else {
                    throw error("invalid %-escape in a tag")
                }
                advance(); advance(); advance()
                continue
            }
            guard ByteClass.isURIChar(c) else { break }
            if !allowExclamation, c == UInt8(ascii: "!") { break }
            if !allowFlowIndicators, ByteClass.isFlowIndicator(c) { break }
            advance()
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func fetchDirective() throws(PositionedError) {
        unrollIndent(to: -1)
        try removeSimpleKey()
        simpleKeyAllowed = false
        let start = index
        advance()
        let nameStart = index
        while !ByteClass.isBlankOrBreakOrEnd(current) { advanceCharacter() }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        if name.isEmpty { throw error("directive name is empty", at: start) }
        var directive = ScannedDirective(name: name)
        var kind = TokenKind.reservedDirective
        switch name {
        case "YAML":
            try skipDirectiveBlanks()
            let major = try scanVersionNumber()
            guard current == UInt8(ascii: ".") else { throw error("%YAML version must be MAJOR.MINOR") }
            advance()
            let minor = try scanVersionNumber()
            directive.version = (major, minor)
            kind = .versionDirective
        case "TAG":
            try skipDirectiveBlanks()
            let handleStart = index
            guard current == UInt8(ascii: "!") else { throw error("%TAG handle must start with !") }
            advance()
            if !ByteClass.isBlank(current) {
                while ByteClass.isWordChar(current) { advance() }
                guard current == UInt8(ascii: "!") else { throw error("%TAG handle must be !, !! or !name!") }
                advance()
            }
            let handle = String(decoding: bytes[handleStart..<index], as: UTF8.self)
            try skipDirectiveBlanks()
            let prefix = try scanURI(allowExclamation: true, allowFlowIndicators: true)
            if prefix.isEmpty { throw error("%TAG prefix is empty") }
            directive.tag = (handle, prefix)
            kind = .tagDirective
        default:
            // Reserved directives are ignored: skip their parameters.
            while !ByteClass.isBreakOrEnd(current) {
                if current == UInt8(ascii: "#"), ByteClass.isBlank(bytes[index - 1]) { break }
                advanceCharacter()
            }
        }
        let end = index
        while ByteClass.isBlank(current) { advance() }
        if current == UInt8(ascii: "#") {
            if !ByteClass.isBlank(bytes[index - 1]) {
                throw error("a comment must be separated from other tokens by whitespace")
            }
        } else if !ByteClass.isBreakOrEnd(current) {
            throw error("unexpected text after a directive")
        }
        directives.append(directive)
        tokens.append(Token(kind: kind, start: start, end: end, payload: Int32(directives.count - 1)))
    }

    mutating func skipDirectiveBlanks() throws(PositionedError) {
        guard ByteClass.isBlank(current) else { throw error("directive parameters must be separated by whitespace") }
        while ByteClass.isBlank(current) { advance() }
    }

    mutating func scanVersionNumber() throws(PositionedError) -> Int {
        var value = 0
        var digits = 0
        while ByteClass.isDigit(current) {
            digits += 1
            if digits > 9 { throw error("%YAML version number is too long") }
            value = value * 10 + Int(current - 0x30)
            advance()
        }
        if digits == 0 { throw error("%YAML version must be MAJOR.MINOR") }
        return value
    }
}
