/// The go-yaml v3 emitter (libyaml's emitter with go-yaml's indentation and comment rules),
/// turning events into bytes. Settings are those of yaml.v3's encoder: unlimited width, UTF-8
/// written as is, LF line breaks, `best_indent` from the caller.
///
/// go-yaml v3 particulars kept here (spec/sops-format.md §2.6): a collection nested in a block
/// sequence item starts right after `- ` (indent + 2); everything else aligns to the next
/// multiple of the indentation; sequences under a key are indented; a foot comment is followed
/// by an empty line when the next line has the same indentation.
struct Emitter {
    enum State {
        case streamStart, firstDocumentStart, documentStart, documentContent, documentEnd
        case flowSequenceFirstItem, flowSequenceTrailItem, flowSequenceItem
        case flowMappingFirstKey, flowMappingTrailKey, flowMappingKey
        case flowMappingSimpleValue, flowMappingValue
        case blockSequenceFirstItem, blockSequenceItem
        case blockMappingFirstKey, blockMappingKey, blockMappingSimpleValue, blockMappingValue
        case end
    }

    /// What `analyzeScalar` found out about the current scalar.
    struct ScalarData {
        var value: [UInt8] = []
        var multiline = false
        var flowPlainAllowed = false
        var blockPlainAllowed = false
        var singleQuotedAllowed = false
        var blockAllowed = false
        var style = YAMLScalarStyle.plain
    }

    let bestIndent: Int
    let bestWidth = Int.max
    var out: [UInt8] = []
    let events: [EmitterEvent]
    var head = 0

    var state = State.streamStart
    var states: [State] = []
    var indents: [Int] = []
    var indent = -1
    var flowLevel = 0
    var rootContext = false
    var sequenceContext = false
    var mappingContext = false
    var simpleKeyContext = false
    var column = 0
    var whitespace = true
    var indention = true
    var openEnded = false
    var footIndent = -1

    var tagHandle: [UInt8] = []
    var tagSuffix: [UInt8] = []
    var scalar = ScalarData()

    var headComment: [UInt8] = []
    var lineComment: [UInt8] = []
    var footComment: [UInt8] = []
    var tailComment: [UInt8] = []
    var keyLineComment: [UInt8] = []

    init(events: [EmitterEvent], indent: Int) {
        self.events = events
        self.bestIndent = (2...9).contains(indent) ? indent : 2
    }

    /// Runs every event through the state machine.
    mutating func run() -> [UInt8] {
        while head < events.count {
            let event = events[head]
            analyze(event)
            dispatch(event)
            head += 1
        }
        return out
    }

    var nextEvent: EmitterEvent? { head + 1 < events.count ? events[head + 1] : nil }

    // MARK: - Output primitives

    mutating func put(_ byte: UInt8) {
        out.append(byte)
        column += 1
    }

    mutating func putBreak() {
        out.append(ByteClass.lineFeed)
        column = 0
        indention = true
    }

    /// Copies one character of `s` at `i` (advancing `i`).
    mutating func write(_ s: [UInt8], _ i: inout Int) {
        let w = EmitterBytes.width(s[i])
        out.append(contentsOf: s[i..<min(i + w, s.count)])
        column += 1
        i += w
    }

    mutating func writeAll(_ s: [UInt8]) {
        var i = 0
        while i < s.count { write(s, &i) }
    }

    /// Copies a line break of `s` at `i` (`\n` becomes the output break).
    mutating func writeBreak(_ s: [UInt8], _ i: inout Int) {
        if s[i] == ByteClass.lineFeed {
            putBreak()
            i += 1
        } else {
            write(s, &i)
            column = 0
            indention = true
        }
    }

    mutating func writeIndent() {
        let target = max(indent, 0)
        if !indention || column > target || (column == target && !whitespace) {
            putBreak()
        }
        if footIndent == target { putBreak() }
        while column < target { put(ByteClass.space) }
        whitespace = true
        footIndent = -1
    }

    mutating func writeIndicator(_ indicator: [UInt8], needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool) {
        if needWhitespace && !whitespace { put(ByteClass.space) }
        writeAll(indicator)
        whitespace = isWhitespace
        indention = indention && isIndention
        openEnded = false
    }

    // MARK: - Analysis

    mutating func analyze(_ event: EmitterEvent) {
        tagHandle = []
        tagSuffix = []
        scalar.value = []
        if !event.headComment.isEmpty { headComment = event.headComment }
        if !event.lineComment.isEmpty { lineComment = event.lineComment }
        if !event.footComment.isEmpty { footComment = event.footComment }
        if !event.tailComment.isEmpty { tailComment = event.tailComment }
        switch event.kind {
        case .scalar:
            if !event.tag.isEmpty { analyzeTag(event.tag) }
            analyzeScalar(event.value)
        case .sequenceStart, .mappingStart:
            if !event.tag.isEmpty { analyzeTag(event.tag) }
        default:
            break
        }
    }

    /// Splits a tag into a default handle (`!`, `!!`) and suffix.
    mutating func analyzeTag(_ tag: [UInt8]) {
        let directives: [([UInt8], [UInt8])] = [(Array("!".utf8), Array("!".utf8)),
                                                (Array("!!".utf8), Array("tag:yaml.org,2002:".utf8))]
        for (handle, prefix) in directives where tag.starts(with: prefix) {
            tagHandle = handle
            tagSuffix = Array(tag[prefix.count...])
            return
        }
        tagSuffix = tag
    }

    // MARK: - State machine

    mutating func dispatch(_ event: EmitterEvent) {
        switch state {
        case .streamStart:
            state = .firstDocumentStart
        case .firstDocumentStart: emitDocumentStart(event, first: true)
        case .documentStart: emitDocumentStart(event, first: false)
        case .documentContent: emitDocumentContent(event)
        case .documentEnd: emitDocumentEnd(event)
        case .flowSequenceFirstItem: emitFlowSequenceItem(event, first: true, trail: false)
        case .flowSequenceTrailItem: emitFlowSequenceItem(event, first: false, trail: true)
        case .flowSequenceItem: emitFlowSequenceItem(event, first: false, trail: false)
        case .flowMappingFirstKey: emitFlowMappingKey(event, first: true, trail: false)
        case .flowMappingTrailKey: emitFlowMappingKey(event, first: false, trail: true)
        case .flowMappingKey: emitFlowMappingKey(event, first: false, trail: false)
        case .flowMappingSimpleValue: emitFlowMappingValue(event, simple: true)
        case .flowMappingValue: emitFlowMappingValue(event, simple: false)
        case .blockSequenceFirstItem: emitBlockSequenceItem(event, first: true)
        case .blockSequenceItem: emitBlockSequenceItem(event, first: false)
        case .blockMappingFirstKey: emitBlockMappingKey(event, first: true)
        case .blockMappingKey: emitBlockMappingKey(event, first: false)
        case .blockMappingSimpleValue: emitBlockMappingValue(event, simple: true)
        case .blockMappingValue: emitBlockMappingValue(event, simple: false)
        case .end: break
        }
    }

    mutating func popState() { state = states.removeLast() }
    mutating func popIndent() { indent = indents.removeLast() }

    mutating func increaseIndent(flow: Bool, indentless: Bool) {
        indents.append(indent)
        if indent < 0 {
            indent = flow ? bestIndent : 0
        } else if !indentless {
            if states.last == .blockSequenceItem {
                // The first indentation inside a sequence item skips the "- " indicator.
                indent += 2
            } else {
                indent = bestIndent * ((indent + bestIndent) / bestIndent)
            }
        }
    }

    mutating func emitDocumentStart(_ event: EmitterEvent, first: Bool) {
        if event.kind == .documentStart {
            if !first {
                writeIndent()
                writeIndicator(Array("---".utf8), needWhitespace: true, isWhitespace: false, isIndention: false)
                writeIndent()
            }
            if !headComment.isEmpty {
                processHeadComment()
                putBreak()
            }
            state = .documentContent
        } else {
            // yaml.v3's encoder clears open_ended before STREAM-END: no trailing "...".
            state = .end
        }
    }

    mutating func emitDocumentContent(_ event: EmitterEvent) {
        states.append(.documentEnd)
        processHeadComment()
        emitNode(event, root: true, sequence: false, mapping: false, simpleKey: false)
        processLineComment()
        processFootComment()
    }

    mutating func emitDocumentEnd(_ event: EmitterEvent) {
        footIndent = 0
        processFootComment()
        footIndent = -1
        writeIndent()
        state = .documentStart
    }

    mutating func emitFlowSequenceItem(_ event: EmitterEvent, first: Bool, trail: Bool) {
        if first {
            writeIndicator([UInt8(ascii: "[")], needWhitespace: true, isWhitespace: true, isIndention: false)
            increaseIndent(flow: true, indentless: false)
            flowLevel += 1
        }
        if event.kind == .sequenceEnd {
            flowLevel -= 1
            popIndent()
            if column == 0 { writeIndent() }
            writeIndicator([UInt8(ascii: "]")], needWhitespace: false, isWhitespace: false, isIndention: false)
            processLineComment()
            processFootComment()
            popState()
            return
        }
        if !first && !trail {
            writeIndicator([UInt8(ascii: ",")], needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        processHeadComment()
        if column == 0 { writeIndent() }
        states.append(hasTrailingComments ? .flowSequenceTrailItem : .flowSequenceItem)
        emitNode(event, root: false, sequence: true, mapping: false, simpleKey: false)
        if hasTrailingComments {
            writeIndicator([UInt8(ascii: ",")], needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        processLineComment()
        processFootComment()
    }

    var hasTrailingComments: Bool { !lineComment.isEmpty || !footComment.isEmpty || !tailComment.isEmpty }

    mutating func emitFlowMappingKey(_ event: EmitterEvent, first: Bool, trail: Bool) {
        if first {
            writeIndicator([UInt8(ascii: "{")], needWhitespace: true, isWhitespace: true, isIndention: false)
            increaseIndent(flow: true, indentless: false)
            flowLevel += 1
        }
        if event.kind == .mappingEnd {
            if (!headComment.isEmpty || !footComment.isEmpty || !tailComment.isEmpty) && !first && !trail {
                writeIndicator([UInt8(ascii: ",")], needWhitespace: false, isWhitespace: false, isIndention: false)
            }
            processHeadComment()
            flowLevel -= 1
            popIndent()
            writeIndicator([UInt8(ascii: "}")], needWhitespace: false, isWhitespace: false, isIndention: false)
            processLineComment()
            processFootComment()
            popState()
            return
        }
        if !first && !trail {
            writeIndicator([UInt8(ascii: ",")], needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        processHeadComment()
        if column == 0 { writeIndent() }
        if checkSimpleKey(event) {
            states.append(.flowMappingSimpleValue)
            emitNode(event, root: false, sequence: false, mapping: true, simpleKey: true)
            return
        }
        writeIndicator([UInt8(ascii: "?")], needWhitespace: true, isWhitespace: false, isIndention: false)
        states.append(.flowMappingValue)
        emitNode(event, root: false, sequence: false, mapping: true, simpleKey: false)
    }

    mutating func emitFlowMappingValue(_ event: EmitterEvent, simple: Bool) {
        writeIndicator([UInt8(ascii: ":")], needWhitespace: !simple, isWhitespace: false, isIndention: false)
        states.append(hasTrailingComments ? .flowMappingTrailKey : .flowMappingKey)
        emitNode(event, root: false, sequence: false, mapping: true, simpleKey: false)
        if hasTrailingComments {
            writeIndicator([UInt8(ascii: ",")], needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        processLineComment()
        processFootComment()
    }

    mutating func emitBlockSequenceItem(_ event: EmitterEvent, first: Bool) {
        if first { increaseIndent(flow: false, indentless: false) }
        if event.kind == .sequenceEnd {
            popIndent()
            popState()
            return
        }
        processHeadComment()
        writeIndent()
        writeIndicator([UInt8(ascii: "-")], needWhitespace: true, isWhitespace: false, isIndention: true)
        states.append(.blockSequenceItem)
        emitNode(event, root: false, sequence: true, mapping: false, simpleKey: false)
        processLineComment()
        processFootComment()
    }

    mutating func emitBlockMappingKey(_ event: EmitterEvent, first: Bool) {
        if first { increaseIndent(flow: false, indentless: false) }
        processHeadComment()
        if event.kind == .mappingEnd {
            popIndent()
            popState()
            return
        }
        writeIndent()
        if !lineComment.isEmpty {
            // A line comment given for the key is written with its value.
            keyLineComment = lineComment
            lineComment = []
        }
        if checkSimpleKey(event) {
            states.append(.blockMappingSimpleValue)
            emitNode(event, root: false, sequence: false, mapping: true, simpleKey: true)
            return
        }
        writeIndicator([UInt8(ascii: "?")], needWhitespace: true, isWhitespace: false, isIndention: true)
        states.append(.blockMappingValue)
        emitNode(event, root: false, sequence: false, mapping: true, simpleKey: false)
    }

    mutating func emitBlockMappingValue(_ event: EmitterEvent, simple: Bool) {
        if simple {
            writeIndicator([UInt8(ascii: ":")], needWhitespace: false, isWhitespace: false, isIndention: false)
        } else {
            writeIndent()
            writeIndicator([UInt8(ascii: ":")], needWhitespace: true, isWhitespace: false, isIndention: true)
        }
        if !keyLineComment.isEmpty {
            if event.kind == .scalar {
                if lineComment.isEmpty {
                    lineComment = keyLineComment
                    keyLineComment = []
                }
            } else if !event.flow, event.kind == .mappingStart || event.kind == .sequenceStart {
                // An indented block follows: write the key's line comment now.
                swap(&lineComment, &keyLineComment)
                processLineComment()
                swap(&lineComment, &keyLineComment)
            }
        }
        states.append(.blockMappingKey)
        emitNode(event, root: false, sequence: false, mapping: true, simpleKey: false)
        processLineComment()
        processFootComment()
    }

    mutating func emitNode(_ event: EmitterEvent, root: Bool, sequence: Bool, mapping: Bool, simpleKey: Bool) {
        rootContext = root
        sequenceContext = sequence
        mappingContext = mapping
        simpleKeyContext = simpleKey
        switch event.kind {
        case .scalar:
            selectScalarStyle(event)
            processTag()
            increaseIndent(flow: true, indentless: false)
            processScalar()
            popIndent()
            popState()
        case .sequenceStart:
            processTag()
            let empty = nextEvent?.kind == .sequenceEnd
            state = flowLevel > 0 || event.flow || empty ? .flowSequenceFirstItem : .blockSequenceFirstItem
        case .mappingStart:
            processTag()
            let empty = nextEvent?.kind == .mappingEnd
            state = flowLevel > 0 || event.flow || empty ? .flowMappingFirstKey : .blockMappingFirstKey
        default:
            break
        }
    }

    /// Whether the next node fits on one line as a key (at most 128 bytes, no line break).
    func checkSimpleKey(_ event: EmitterEvent) -> Bool {
        let length: Int
        switch event.kind {
        case .scalar:
            if scalar.multiline { return false }
            length = tagHandle.count + tagSuffix.count + scalar.value.count
        case .sequenceStart:
            guard nextEvent?.kind == .sequenceEnd else { return false }
            length = tagHandle.count + tagSuffix.count
        case .mappingStart:
            guard nextEvent?.kind == .mappingEnd else { return false }
            length = tagHandle.count + tagSuffix.count
        default:
            return false
        }
        return length <= 128
    }

    // MARK: - Comments

    mutating func processHeadComment() {
        if !tailComment.isEmpty {
            writeIndent()
            writeComment(tailComment)
            tailComment = []
            footIndent = max(indent, 0)
        }
        guard !headComment.isEmpty else { return }
        writeIndent()
        writeComment(headComment)
        headComment = []
    }

    mutating func processLineComment() {
        guard !lineComment.isEmpty else { return }
        if !whitespace { put(ByteClass.space) }
        writeComment(lineComment)
        lineComment = []
    }

    mutating func processFootComment() {
        guard !footComment.isEmpty else { return }
        writeIndent()
        writeComment(footComment)
        footComment = []
        footIndent = max(indent, 0)
    }

    mutating func writeComment(_ comment: [UInt8]) {
        var breaks = false
        var pound = false
        var i = 0
        while i < comment.count {
            if EmitterBytes.isBreak(comment, i) {
                writeBreak(comment, &i)
                breaks = true
                pound = false
            } else {
                if breaks { writeIndent() }
                if !pound {
                    if comment[i] != UInt8(ascii: "#") {
                        put(UInt8(ascii: "#"))
                        put(ByteClass.space)
                    }
                    pound = true
                }
                write(comment, &i)
                indention = false
                breaks = false
            }
        }
        if !breaks { putBreak() }
        whitespace = true
    }
}
