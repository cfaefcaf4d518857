/// Builds the syntax tree from the scanner's tokens.
///
/// A state machine after libyaml's parser (no recursion: nesting lives on explicit stacks), with
/// YAML 1.2 additions: a bare document may follow `...`, empty keys in flow collections, and
/// aliases may only name a completed node.
struct Parser {
    enum State {
        case streamStart, implicitDocumentStart, documentStart, documentContent, documentEnd
        case blockNode, blockNodeOrIndentlessSequence, flowNode
        case blockSequenceFirstEntry, blockSequenceEntry, indentlessSequenceEntry
        case blockMappingFirstKey, blockMappingKey, blockMappingValue
        case flowSequenceFirstEntry, flowSequenceEntry
        case flowSequenceEntryMappingKey, flowSequenceEntryMappingValue, flowSequenceEntryMappingEnd
        case flowMappingFirstKey, flowMappingKey, flowMappingValue, flowMappingEmptyValue
        case end
    }

    /// A collection being filled.
    struct OpenCollection {
        var node: Int32
        var pendingKey: Int32 = -1
    }

    let bytes: [UInt8]
    let tokens: [Token]
    let tags: [ScannedTag]
    let directives: [ScannedDirective]
    let limits: YAMLLimits
    var table = SyntaxTable()

    var position = 0
    var state = State.streamStart
    var states: [State] = []
    var open: [OpenCollection] = []

    // Per document.
    var documentStart = 0
    var documentDirectives: [Range<Int>] = []
    var documentStartMarker: Range<Int>?
    var tagHandles: [String: String] = [:]
    var anchors: [Substring: Int32] = [:]
    var documentRoot: Int32 = -1
    var previousDocumentEndedExplicitly = true

    init(scanner: Scanner) {
        bytes = scanner.bytes
        tokens = scanner.tokens
        tags = scanner.tags
        directives = scanner.directives
        limits = scanner.limits
        table.scalars = scanner.scalars
        table.nodes.reserveCapacity(scanner.scalars.count + scanner.scalars.count / 4)
    }

    var token: Token { tokens[position] }

    func error(_ message: String, at offset: Int? = nil) -> PositionedError {
        PositionedError(offset ?? token.start, message)
    }

    mutating func parse() throws(PositionedError) -> SyntaxTable {
        while state != .end {
            try step()
        }
        return table
    }

    // MARK: - Dispatch

    mutating func step() throws(PositionedError) {
        switch state {
        case .streamStart:
            position += 1
            state = .implicitDocumentStart
        case .implicitDocumentStart: try parseDocumentStart(implicitAllowed: true)
        case .documentStart: try parseDocumentStart(implicitAllowed: previousDocumentEndedExplicitly)
        case .documentContent: try parseDocumentContent()
        case .documentEnd: parseDocumentEnd()
        case .blockNode: try parseNode(block: true, indentlessSequence: false)
        case .blockNodeOrIndentlessSequence: try parseNode(block: true, indentlessSequence: true)
        case .flowNode: try parseNode(block: false, indentlessSequence: false)
        case .blockSequenceFirstEntry: try parseBlockSequenceEntry(first: true)
        case .blockSequenceEntry: try parseBlockSequenceEntry(first: false)
        case .indentlessSequenceEntry: try parseIndentlessSequenceEntry()
        case .blockMappingFirstKey: try parseBlockMappingKey(first: true)
        case .blockMappingKey: try parseBlockMappingKey(first: false)
        case .blockMappingValue: try parseBlockMappingValue()
        case .flowSequenceFirstEntry: try parseFlowSequenceEntry(first: true)
        case .flowSequenceEntry: try parseFlowSequenceEntry(first: false)
        case .flowSequenceEntryMappingKey: try parseFlowSequenceEntryMappingKey()
        case .flowSequenceEntryMappingValue: try parseFlowSequenceEntryMappingValue()
        case .flowSequenceEntryMappingEnd: try parseFlowSequenceEntryMappingEnd()
        case .flowMappingFirstKey: try parseFlowMappingKey(first: true)
        case .flowMappingKey: try parseFlowMappingKey(first: false)
        case .flowMappingValue: try parseFlowMappingValue(empty: false)
        case .flowMappingEmptyValue: try parseFlowMappingValue(empty: true)
        case .end: break
        }
    }

    mutating func popState() { state = states.removeLast() }

    // MARK: - Documents

    mutating func parseDocumentStart(implicitAllowed: Bool) throws(PositionedError) {
        // Extra `...` markers between documents are allowed.
        while token.kind == .documentEnd {
            table.extraDocumentEndMarkers.append(token.start..<token.end)
            position += 1
            previousDocumentEndedExplicitly = true
        }
        let allowed = implicitAllowed || previousDocumentEndedExplicitly
        documentStart = token.start
        documentDirectives = []
        documentStartMarker = nil
        tagHandles = ["!": "!", "!!": "tag:yaml.org,2002:"]
        anchors = [:]
        documentRoot = -1
        switch token.kind {
        case .streamEnd:
            state = .end
        case .versionDirective, .tagDirective, .reservedDirective, .documentStart:
            try parseDirectives()
            guard token.kind == .documentStart else {
                throw error("directives must be followed by a document start marker `---`")
            }
            documentStartMarker = token.start..<token.end
            position += 1
            states.append(.documentEnd)
            state = .documentContent
        default:
            guard allowed else { throw error("expected a document start marker `---` or the end of the stream") }
            states.append(.documentEnd)
            state = .blockNode
        }
        previousDocumentEndedExplicitly = false
    }

    mutating func parseDirectives() throws(PositionedError) {
        var sawVersion = false
        var seenHandles: Set<String> = []
        while true {
            let t = token
            switch t.kind {
            case .versionDirective:
                if sawVersion { throw error("duplicate %YAML directive") }
                sawVersion = true
                if let version = directives[Int(t.payload)].version, version.0 != 1 {
                    throw error("unsupported YAML major version \(version.0)")
                }
            case .tagDirective:
                let (handle, prefix) = directives[Int(t.payload)].tag!
                if seenHandles.contains(handle) { throw error("duplicate %TAG directive for handle \(handle)") }
                seenHandles.insert(handle)
                tagHandles[handle] = prefix
            case .reservedDirective:
                break
            default:
                return
            }
            documentDirectives.append(t.start..<t.end)
            position += 1
        }
    }

    mutating func parseDocumentContent() throws(PositionedError) {
        switch token.kind {
        case .versionDirective, .tagDirective, .reservedDirective, .documentStart, .documentEnd, .streamEnd:
            popState()
            let at = documentStartMarker?.upperBound ?? token.start
            completeNode(makeEmpty(at: at, anchor: nil, tag: nil))
        default:
            try parseNode(block: true, indentlessSequence: false)
        }
    }

    mutating func parseDocumentEnd() {
        var endMarker: Range<Int>?
        var end = documentRoot >= 0 ? fullEnd(documentRoot) : token.start
        if token.kind == .documentEnd {
            endMarker = token.start..<token.end
            end = token.end
            position += 1
            previousDocumentEndedExplicitly = true
        }
        if let marker = documentStartMarker { end = max(end, marker.upperBound) }
        table.documents.append(DocumentRecord(
            start: documentStart, end: end, root: documentRoot, directives: documentDirectives,
            startMarker: documentStartMarker, endMarker: endMarker))
        state = .documentStart
    }

    // MARK: - Nodes

    mutating func parseNode(block: Bool, indentlessSequence: Bool) throws(PositionedError) {
        if token.kind == .alias {
            let t = token
            let name = bytes[(t.start + 1)..<t.end]
            guard let target = anchors[Substring(decoding: name, as: UTF8.self)] else {
                throw error("alias refers to an undefined anchor")
            }
            guard !open.contains(where: { $0.node == target }) else {
                throw error("alias refers to a node that contains it")
            }
            var record = NodeRecord(kind: .alias, start: t.start, end: t.end)
            record.aliasTarget = target
            position += 1
            popState()
            completeNode(append(record))
            return
        }
        var anchor: Range<Int>?
        var tagRange: Range<Int>?
        var tag: String?
        for _ in 0..<2 {
            let t = token
            if t.kind == .anchor, anchor == nil {
                anchor = t.start..<t.end
                position += 1
            } else if t.kind == .tag, tagRange == nil {
                tagRange = t.start..<t.end
                tag = try resolveTag(tags[Int(t.payload)], at: t.start)
                position += 1
            }
        }
        let propertiesEnd = max(anchor?.upperBound ?? -1, tagRange?.upperBound ?? -1)
        let t = token
        switch t.kind {
        case .blockEntry where indentlessSequence:
            try openCollection(.sequence, .block, start: t.start, anchor: anchor, tagRange: tagRange, tag: tag)
            state = .indentlessSequenceEntry
        case .scalar:
            var record = NodeRecord(kind: .scalar, start: t.start, end: t.end)
            record.scalar = t.payload
            record.scalarStyle = table.scalars[Int(t.payload)].style
            record.anchor = anchor
            record.tagRange = tagRange
            record.tag = storeTag(tag)
            position += 1
            popState()
            let id = append(record)
            registerAnchor(anchor, id)
            completeNode(id)
        case .flowSequenceStart:
            try openCollection(.sequence, .flow, start: t.start, anchor: anchor, tagRange: tagRange, tag: tag)
            position += 1
            state = .flowSequenceFirstEntry
        case .flowMappingStart:
            try openCollection(.mapping, .flow, start: t.start, anchor: anchor, tagRange: tagRange, tag: tag)
            position += 1
            state = .flowMappingFirstKey
        case .blockSequenceStart where block:
            try openCollection(.sequence, .block, start: t.start, anchor: anchor, tagRange: tagRange, tag: tag)
            state = .blockSequenceFirstEntry
        case .blockMappingStart where block:
            try openCollection(.mapping, .block, start: t.start, anchor: anchor, tagRange: tagRange, tag: tag)
            state = .blockMappingFirstKey
        default:
            guard propertiesEnd >= 0 else {
                throw error(block ? "expected a node (block or flow content)" : "expected a node in a flow collection")
            }
            popState()
            completeNode(makeEmpty(at: propertiesEnd, anchor: anchor, tag: (tagRange, tag)))
        }
    }

    mutating func resolveTag(_ scanned: ScannedTag, at offset: Int) throws(PositionedError) -> String {
        if scanned.verbatim { return TagText.percentDecoded(scanned.suffix) }
        if scanned.handle.isEmpty { return "!" }
        guard let prefix = tagHandles[scanned.handle] else {
            throw error("undefined tag handle \(scanned.handle)", at: offset)
        }
        return TagText.percentDecoded(prefix + scanned.suffix)
    }

    mutating func registerAnchor(_ anchor: Range<Int>?, _ id: Int32) {
        guard let anchor else { return }
        anchors[Substring(decoding: bytes[(anchor.lowerBound + 1)..<anchor.upperBound], as: UTF8.self)] = id
    }

    mutating func append(_ record: NodeRecord) -> Int32 {
        var record = record
        if let parent = open.last { record.parent = parent.node }
        table.nodes.append(record)
        return Int32(table.nodes.count - 1)
    }

    mutating func storeTag(_ tag: String?) -> Int32 {
        guard let tag else { return -1 }
        table.tags.append(tag)
        return Int32(table.tags.count - 1)
    }

    mutating func makeEmpty(at offset: Int, anchor: Range<Int>?, tag: (Range<Int>?, String?)?) -> Int32 {
        var record = NodeRecord(kind: .scalar, start: offset, end: offset)
        record.isEmpty = true
        record.anchor = anchor
        record.tagRange = tag?.0
        record.tag = storeTag(tag?.1)
        table.scalars.append(ScannedScalar(value: "", style: .plain))
        record.scalar = Int32(table.scalars.count - 1)
        let id = append(record)
        registerAnchor(anchor, id)
        return id
    }

    mutating func openCollection(_ kind: YAMLNodeKind, _ style: YAMLCollectionStyle, start: Int,
                                 anchor: Range<Int>?, tagRange: Range<Int>?, tag: String?) throws(PositionedError) {
        if open.count >= limits.maxDepth * 2 {
            throw error("nesting deeper than \(limits.maxDepth) levels")
        }
        var record = NodeRecord(kind: kind, start: start, end: start)
        record.collectionStyle = style
        record.anchor = anchor
        record.tagRange = tagRange
        record.tag = storeTag(tag)
        record.children = Int32(table.childLists.count)
        table.childLists.append([])
        let id = append(record)
        registerAnchor(anchor, id)
        open.append(OpenCollection(node: id))
    }

    /// Closes the innermost collection; `end` is the end of its closing bracket, if any.
    mutating func closeCollection(end explicitEnd: Int?) {
        let collection = open.removeLast()
        let id = Int(collection.node)
        if let explicitEnd {
            table.nodes[id].end = explicitEnd
        } else {
            var end = table.nodes[id].start
            if let last = table.childLists[Int(table.nodes[id].children)].last {
                switch last {
                case .entry(let entry): end = max(fullEnd(Int32(entry.value.index)), fullEnd(Int32(entry.key.index)))
                case .item(let item): end = fullEnd(Int32(item.index))
                case .comment: break
                }
            }
            table.nodes[id].end = end
        }
        completeNode(collection.node)
    }

    /// End of a node including an empty node's properties.
    func fullEnd(_ id: Int32) -> Int { table.nodes[Int(id)].fullEnd }

    /// Attaches a finished node to the innermost open collection (or makes it the document root).
    mutating func completeNode(_ id: Int32) {
        guard !open.isEmpty else {
            documentRoot = id
            return
        }
        let top = open.count - 1
        let parent = Int(open[top].node)
        let list = Int(table.nodes[parent].children)
        if table.nodes[parent].kind == .sequence {
            table.childLists[list].append(.item(YAMLNodeID(index: Int(id))))
        } else if open[top].pendingKey < 0 {
            open[top].pendingKey = id
        } else {
            let entry = YAMLMappingEntry(key: YAMLNodeID(index: Int(open[top].pendingKey)), value: YAMLNodeID(index: Int(id)))
            table.childLists[list].append(.entry(entry))
            open[top].pendingKey = -1
        }
    }
}
