import TextEncoding

/// Turns `YAMLOutputNode` trees into emitter events the way yaml.v3's encoder walks a
/// `yaml.Node` (encode.go `node`), including how it moves a key's foot comment to the next
/// key ("tail" comment), and how `Node.Encode` styles Go values.
struct EventEncoder {
    var events: [EmitterEvent] = [EmitterEvent(.streamStart)]

    mutating func document(_ root: YAMLOutputNode) {
        events.append(EmitterEvent(.documentStart))
        node(root, tail: [])
        events.append(EmitterEvent(.documentEnd))
    }

    mutating func finish() -> [EmitterEvent] {
        events.append(EmitterEvent(.streamEnd))
        return events
    }

    static func comment(_ lines: [String]) -> [UInt8] {
        guard !lines.isEmpty else { return [] }
        return Array(lines.map { "#" + $0 }.joined(separator: "\n").utf8)
    }

    mutating func node(_ node: YAMLOutputNode, tail: [UInt8]) {
        switch node.content {
        case .value(.mapping(let pairs)):
            mapping(node, pairs.map { YAMLOutputPair(key: YAMLOutputNode($0.key), value: YAMLOutputNode($0.value)) }, tail: tail)
        case .value(.sequence(let items)):
            sequence(node, items.map { YAMLOutputNode($0) })
        case .value(let value):
            var event = EmitterEvent(.scalar)
            (event.value, event.style, event.tag) = Self.encodeScalar(value)
            event.headComment = Self.comment(node.headComment)
            event.lineComment = Self.comment(node.lineComment)
            event.footComment = Self.comment(node.footComment)
            event.tailComment = tail
            events.append(event)
        case .entries(let pairs):
            mapping(node, pairs, tail: tail)
        case .items(let items):
            sequence(node, items)
        }
    }

    mutating func mapping(_ node: YAMLOutputNode, _ pairs: [YAMLOutputPair], tail: [UInt8]) {
        var start = EmitterEvent(.mappingStart)
        start.headComment = Self.comment(node.headComment)
        start.tailComment = tail
        events.append(start)
        var pendingTail: [UInt8] = []
        for pair in pairs {
            var key = pair.key
            let foot = Self.comment(key.footComment)
            key.footComment = []
            self.node(key, tail: pendingTail)
            pendingTail = foot
            self.node(pair.value, tail: [])
        }
        var end = EmitterEvent(.mappingEnd)
        end.tailComment = pendingTail
        end.lineComment = Self.comment(node.lineComment)
        end.footComment = Self.comment(node.footComment)
        events.append(end)
    }

    mutating func sequence(_ node: YAMLOutputNode, _ items: [YAMLOutputNode]) {
        var start = EmitterEvent(.sequenceStart)
        start.headComment = Self.comment(node.headComment)
        events.append(start)
        for item in items { self.node(item, tail: []) }
        var end = EmitterEvent(.sequenceEnd)
        end.lineComment = Self.comment(node.lineComment)
        end.footComment = Self.comment(node.footComment)
        events.append(end)
    }

    /// yaml.v3's scalar encoding of a Go value: text, requested style and tag.
    static func encodeScalar(_ value: YAMLValue) -> ([UInt8], YAMLScalarStyle, [UInt8]) {
        switch value {
        case .null: return (Array("null".utf8), .plain, [])
        case .bool(let b): return (Array((b ? "true" : "false").utf8), .plain, [])
        case .int(let i): return (Array(String(i).utf8), .plain, [])
        case .uint64(let u): return (Array(String(u).utf8), .plain, [])
        case .float(let f):
            let text: String
            switch GoFloat.formatG(f) {
            case "+Inf": text = ".inf"
            case "-Inf": text = "-.inf"
            case "NaN": text = ".nan"
            case let g: text = g
            }
            return (Array(text.utf8), .plain, [])
        case .timestamp(let t): return (Array(t.rfc3339.utf8), .plain, [])
        case .string(let s):
            let bytes = Array(s.utf8)
            let canUsePlain = ScalarResolver.resolvePlain(s, tag: "").0 == "!!str"
                && !isBase60Float(bytes) && !isOldBool(s)
            let style: YAMLScalarStyle = bytes.contains(ByteClass.lineFeed) ? .literal : canUsePlain ? .plain : .doubleQuoted
            // A plain `<<` reads back as a merge key, which yaml.v3 then writes with its tag.
            let tag = style == .plain && s == "<<" ? Array("tag:yaml.org,2002:merge".utf8) : []
            return (bytes, style, tag)
        case .bytes(let b):
            let text = Array(encodeBase64(b).utf8)
            return (text, text.contains(ByteClass.lineFeed) ? .literal : .plain, Array("tag:yaml.org,2002:binary".utf8))
        case .sequence, .mapping:
            return ([], .plain, [])
        }
    }

    /// YAML 1.1 booleans yaml.v3 still quotes on output.
    static func isOldBool(_ s: String) -> Bool {
        ["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF"].contains(s)
    }

    /// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$` (YAML 1.1 base 60, quoted on output).
    static func isBase60Float(_ s: [UInt8]) -> Bool {
        var i = 0
        if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
        guard i < s.count, ByteClass.isDigit(s[i]) else { return false }
        i += 1
        while i < s.count, ByteClass.isDigit(s[i]) || s[i] == UInt8(ascii: "_") { i += 1 }
        var groups = 0
        while i < s.count, s[i] == UInt8(ascii: ":") {
            i += 1
            let start = i
            while i < s.count, i - start < 2, ByteClass.isDigit(s[i]) { i += 1 }
            let digits = s[start..<i]
            guard !digits.isEmpty, digits.count == 1 || digits.first! <= UInt8(ascii: "5") else { return false }
            groups += 1
        }
        guard groups > 0 else { return false }
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            while i < s.count, ByteClass.isDigit(s[i]) || s[i] == UInt8(ascii: "_") { i += 1 }
        }
        return i == s.count
    }

    /// Base64 in lines of 70 characters, each followed by a newline when there is more than
    /// one line (yaml.v3 `encodeBase64`).
    static func encodeBase64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var encoded: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let chunk = bytes[i..<min(i + 3, bytes.count)]
            var n = UInt32(0)
            for (k, b) in chunk.enumerated() { n |= UInt32(b) << UInt32(16 - 8 * k) }
            for k in 0..<4 {
                encoded.append(k <= chunk.count ? alphabet[Int((n >> UInt32(18 - 6 * k)) & 0x3F)] : UInt8(ascii: "="))
            }
            i += 3
        }
        let lineLength = 70
        let lines = encoded.count / lineLength + 1
        var out: [UInt8] = []
        var start = 0
        while start < encoded.count {
            out.append(contentsOf: encoded[start..<min(start + lineLength, encoded.count)])
            if lines > 1 { out.append(ByteClass.lineFeed) }
            start += lineLength
        }
        return String(decoding: out, as: UTF8.self)
    }
}
