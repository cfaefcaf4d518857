/// Parser states inside block and flow collections.
extension Parser {
    // MARK: - Block sequences

    mutating func parseBlockSequenceEntry(first: Bool) throws(PositionedError) {
        if first { position += 1 }
        let t = token
        switch t.kind {
        case .blockEntry:
            position += 1
            let kind = token.kind
            if kind != .blockEntry && kind != .blockEnd {
                states.append(.blockSequenceEntry)
                try parseNode(block: true, indentlessSequence: false)
            } else {
                state = .blockSequenceEntry
                completeNode(makeEmpty(at: t.end, anchor: nil, tag: nil))
            }
        case .blockEnd:
            position += 1
            popState()
            closeCollection(end: nil)
        default:
            throw error("expected a `- ` sequence entry at this indentation")
        }
    }

    mutating func parseIndentlessSequenceEntry() throws(PositionedError) {
        let t = token
        guard t.kind == .blockEntry else {
            popState()
            closeCollection(end: nil)
            return
        }
        position += 1
        let kind = token.kind
        if kind != .blockEntry && kind != .key && kind != .value && kind != .blockEnd {
            states.append(.indentlessSequenceEntry)
            try parseNode(block: true, indentlessSequence: false)
        } else {
            state = .indentlessSequenceEntry
            completeNode(makeEmpty(at: t.end, anchor: nil, tag: nil))
        }
    }

    // MARK: - Block mappings

    mutating func parseBlockMappingKey(first: Bool) throws(PositionedError) {
        if first { position += 1 }
        let t = token
        switch t.kind {
        case .key:
            position += 1
            let kind = token.kind
            if kind != .key && kind != .value && kind != .blockEnd {
                states.append(.blockMappingValue)
                try parseNode(block: true, indentlessSequence: true)
            } else {
                state = .blockMappingValue
                completeNode(makeEmpty(at: t.end, anchor: nil, tag: nil))
            }
        case .value:
            state = .blockMappingValue
            completeNode(makeEmpty(at: t.start, anchor: nil, tag: nil))
        case .blockEnd:
            position += 1
            popState()
            closeCollection(end: nil)
        default:
            throw error("expected a mapping key at this indentation")
        }
    }

    mutating func parseBlockMappingValue() throws(PositionedError) {
        let t = token
        if t.kind == .value {
            position += 1
            let kind = token.kind
            if kind != .key && kind != .value && kind != .blockEnd {
                states.append(.blockMappingKey)
                try parseNode(block: true, indentlessSequence: true)
            } else {
                state = .blockMappingKey
                completeNode(makeEmpty(at: t.end, anchor: nil, tag: nil))
            }
        } else {
            state = .blockMappingKey
            completeNode(makeEmpty(at: lastKeyEnd(), anchor: nil, tag: nil))
        }
    }

    /// End of the pending key of the innermost mapping (where an omitted value sits).
    func lastKeyEnd() -> Int {
        guard let top = open.last, top.pendingKey >= 0 else { return token.start }
        return fullEnd(top.pendingKey)
    }

    // MARK: - Flow sequences

    /// The error for a flow collection the input ends inside.
    func unclosedFlowCollection() -> PositionedError {
        let node = table.nodes[Int(open[open.count - 1].node)]
        return error(node.kind == .sequence ? "flow sequence is never closed with ']'"
                     : "flow mapping is never closed with '}'", at: node.start)
    }

    mutating func parseFlowSequenceEntry(first: Bool) throws(PositionedError) {
        if token.kind == .streamEnd || token.kind == .documentStart || token.kind == .documentEnd {
            throw unclosedFlowCollection()
        }
        if !first, token.kind != .flowSequenceEnd {
            guard token.kind == .flowEntry else { throw error("expected ',' or ']' in a flow sequence") }
            position += 1
        }
        let t = token
        switch t.kind {
        case .flowSequenceEnd:
            position += 1
            popState()
            closeCollection(end: t.end)
        case .key:
            try openCollection(.mapping, .flow, start: t.start, anchor: nil, tagRange: nil, tag: nil)
            position += 1
            state = .flowSequenceEntryMappingKey
        case .value:
            // `[: value]`: a single pair with an empty key.
            try openCollection(.mapping, .flow, start: t.start, anchor: nil, tagRange: nil, tag: nil)
            completeNode(makeEmpty(at: t.start, anchor: nil, tag: nil))
            state = .flowSequenceEntryMappingValue
        default:
            states.append(.flowSequenceEntry)
            try parseNode(block: false, indentlessSequence: false)
        }
    }

    mutating func parseFlowSequenceEntryMappingKey() throws(PositionedError) {
        let kind = token.kind
        if kind != .value && kind != .flowEntry && kind != .flowSequenceEnd {
            states.append(.flowSequenceEntryMappingValue)
            try parseNode(block: false, indentlessSequence: false)
        } else {
            state = .flowSequenceEntryMappingValue
            completeNode(makeEmpty(at: tokens[position - 1].end, anchor: nil, tag: nil))
        }
    }

    mutating func parseFlowSequenceEntryMappingValue() throws(PositionedError) {
        let t = token
        if t.kind == .value {
            position += 1
            let kind = token.kind
            if kind != .flowEntry && kind != .flowSequenceEnd {
                states.append(.flowSequenceEntryMappingEnd)
                try parseNode(block: false, indentlessSequence: false)
                return
            }
            state = .flowSequenceEntryMappingEnd
            completeNode(makeEmpty(at: t.end, anchor: nil, tag: nil))
        } else {
            state = .flowSequenceEntryMappingEnd
            completeNode(makeEmpty(at: lastKeyEnd(), anchor: nil, tag: nil))
        }
    }

    mutating func parseFlowSequenceEntryMappingEnd() throws(PositionedError) {
        state = .flowSequenceEntry
        closeCollection(end: nil)
    }

    // MARK: - Flow mappings

    mutating func parseFlowMappingKey(first: Bool) throws(PositionedError) {
        if token.kind == .streamEnd || token.kind == .documentStart || token.kind == .documentEnd {
            throw unclosedFlowCollection()
        }
        if !first, token.kind != .flowMappingEnd {
            guard token.kind == .flowEntry else { throw error("expected ',' or '}' in a flow mapping") }
            position += 1
        }
        let t = token
        switch t.kind {
        case .flowMappingEnd:
            position += 1
            popState()
            closeCollection(end: t.end)
        case .key:
            position += 1
            let kind = token.kind
            if kind != .value && kind != .flowEntry && kind != .flowMappingEnd {
                states.append(.flowMappingValue)
                try parseNode(block: false, indentlessSequence: false)
            } else {
                state = .flowMappingValue
                completeNode(makeEmpty(at: t.end, anchor: nil, tag: nil))
            }
        case .value:
            state = .flowMappingValue
            completeNode(makeEmpty(at: t.start, anchor: nil, tag: nil))
        default:
            states.append(.flowMappingEmptyValue)
            try parseNode(block: false, indentlessSequence: false)
        }
    }

    mutating func parseFlowMappingValue(empty: Bool) throws(PositionedError) {
        let t = token
        if !empty, t.kind == .value {
            position += 1
            let kind = token.kind
            if kind != .flowEntry && kind != .flowMappingEnd {
                states.append(.flowMappingKey)
                try parseNode(block: false, indentlessSequence: false)
                return
            }
            state = .flowMappingKey
            completeNode(makeEmpty(at: t.end, anchor: nil, tag: nil))
            return
        }
        state = .flowMappingKey
        completeNode(makeEmpty(at: lastKeyEnd(), anchor: nil, tag: nil))
    }
}
