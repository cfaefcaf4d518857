/// Reads INI as go-ini (gopkg.in/ini.v1 with sops' options) does (spec/sops-format.md §1.3): sections
/// become top-level items (keys before any header go to `DEFAULT`), quoting and continuation lines
/// resolved, inline comments cut, a repeated key keeps its first position and its last value.
struct INIReader {
    private let bytes: [UInt8]
    private var lines: [Range<Int>] = []
    private var li = 0
    private var pendingComment: [[UInt8]] = []

    private struct Key {
        var value: [UInt8]
        var comment: [UInt8]
        var span: Range<Int>
    }

    private struct Section {
        var name: String
        var comment: [UInt8]
        var keys: [String: Key] = [:]
        var order: [String] = []
    }

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while start < bytes.count {
            let end = (bytes[start...].firstIndex(of: 0x0A)).map { $0 + 1 } ?? bytes.count
            lines.append(start..<end)
            start = end
        }
    }

    mutating func read(spans: inout [LeafSpan]?) throws(SopsError) -> SopsBranch {
        var sections = [Section(name: "DEFAULT", comment: [])]
        var counter = 1
        while li < lines.count {
            let raw = lines[li]
            li += 1
            let s = skipSpace(raw.lowerBound, raw.upperBound)
            guard s < raw.upperBound else { continue }
            let c = bytes[s]
            if c == UInt8(ascii: "#") || c == UInt8(ascii: ";") {
                pendingComment.append(Array(bytes[s..<raw.upperBound]))
                continue
            }
            if c == UInt8(ascii: "[") {
                guard let close = lastIndex(of: [UInt8(ascii: "]")], in: s..<raw.upperBound) else {
                    throw error("unclosed section", at: s)
                }
                let name = String(decoding: bytes[(s + 1)..<close], as: UTF8.self)
                guard !name.isEmpty else { throw error("empty section name", at: s) }
                if let i = firstCommentChar(in: (close + 1)..<raw.upperBound) {
                    pendingComment.append(Array(bytes[i..<raw.upperBound]))
                }
                sections.append(Section(name: name, comment: Self.strip(Array(pendingComment.joined()))))
                pendingComment = []
                counter = 1
                continue
            }
            var (name, offset) = try keyName(s, raw.upperBound)
            if name == "-" {
                name = "#\(counter)"
                counter += 1
            }
            let (value, span) = try readValue(offset, raw.upperBound)
            guard !name.isEmpty else { throw error("error creating new key: empty key name", at: s) }
            let comment = Self.strip(Array(pendingComment.joined()))
            pendingComment = []
            let last = sections.count - 1
            if sections[last].keys[name] != nil {
                sections[last].keys[name] = Key(value: value, comment: comment, span: span)
            } else {
                sections[last].keys[name] = Key(value: value, comment: comment, span: span)
                sections[last].order.append(name)
            }
        }
        var branch: SopsBranch = []
        var ordinal = 0
        for section in sections {
            var items: SopsBranch = []
            if !section.comment.isEmpty { items.append(.comment(SopsComment(Self.commentText(section.comment)))) }
            for name in section.order {
                let key = section.keys[name]!
                items.append(.entry(name, .string(key.value)))
                spans?.append(LeafSpan(range: key.span, ordinal: ordinal, path: [section.name, name], value: .string(key.value),
                                       styles: ["p", "d", "s", "b", "t"]))
                ordinal += 1
                if !key.comment.isEmpty { items.append(.comment(SopsComment(Self.commentText(key.comment)))) }
            }
            branch.append(.entry(section.name, .mapping(items)))
        }
        return branch
    }

    /// go-ini `readKeyName`: quoted (`"`, `"""`, backtick) or up to the first `=` or `:`.
    private func keyName(_ s: Int, _ end: Int) throws(SopsError) -> (String, Int) {
        var quote: [UInt8] = []
        if bytes[s] == UInt8(ascii: "\"") {
            quote = end - s > 6 && bytes[s...].starts(with: Array("\"\"\"".utf8)) ? Array("\"\"\"".utf8) : [UInt8(ascii: "\"")]
        } else if bytes[s] == UInt8(ascii: "`") {
            quote = [UInt8(ascii: "`")]
        }
        if !quote.isEmpty {
            guard let close = firstIndex(of: quote, in: (s + quote.count)..<end) else {
                throw error("missing closing key quote", at: s)
            }
            guard let delimiter = firstDelimiter(in: (close + quote.count)..<end) else {
                throw error("key-value delimiter not found", at: s)
            }
            return (String(decoding: trimmed(s + quote.count, close), as: UTF8.self), delimiter + 1)
        }
        guard let delimiter = firstDelimiter(in: s..<end) else { throw error("key-value delimiter not found", at: s) }
        guard delimiter > s else { throw error("empty key name", at: s) }
        return (String(decoding: trimmed(s, delimiter), as: UTF8.self), delimiter + 1)
    }

    /// go-ini `readValue`: returns the value and the source range its spelling occupies.
    private mutating func readValue(_ from: Int, _ lineEnd: Int) throws(SopsError) -> ([UInt8], Range<Int>) {
        let p = skipSpace(from, lineEnd)
        guard p < lineEnd else { return ([], from..<from) }
        var quote: [UInt8] = []
        if lineEnd - p > 3, bytes[p...].starts(with: Array("\"\"\"".utf8)) {
            quote = Array("\"\"\"".utf8)
        } else if bytes[p] == UInt8(ascii: "`") {
            quote = [UInt8(ascii: "`")]
        }
        if !quote.isEmpty {
            let rest = p + quote.count
            if let close = lastIndex(of: quote, in: rest..<lineEnd) {
                return (Array(bytes[rest..<close]), p..<(close + quote.count))
            }
            var value = Array(bytes[rest..<lineEnd])
            while true {
                guard li < lines.count else { throw error("missing closing key quote", at: p) }
                let next = lines[li]
                li += 1
                if let close = lastIndex(of: quote, in: next) {
                    value += bytes[next.lowerBound..<close]
                    if let i = firstCommentChar(in: close..<next.upperBound) {
                        pendingComment.append(trimmed(i, next.upperBound))
                    }
                    return (value, p..<(close + quote.count))
                }
                value += bytes[next]
                if li >= lines.count, bytes[next.upperBound - 1] != 0x0A { throw error("missing closing key quote", at: p) }
            }
        }
        var (a, b) = trimmedRange(p, lineEnd)
        if b > a, bytes[b - 1] == UInt8(ascii: "\\") {
            var value = Array(bytes[a..<(b - 1)])
            var spanEnd = b
            while li < lines.count {
                let (na, nb) = trimmedRange(lines[li].lowerBound, lines[li].upperBound)
                li += 1
                if na == nb { break }
                value += bytes[na..<nb]
                spanEnd = nb
                if value.last != UInt8(ascii: "\\") { break }
                value.removeLast()
            }
            return (value, p..<spanEnd)
        }
        if let i = firstCommentChar(in: a..<b) {
            pendingComment.append(Array(bytes[i..<b]))
            (a, b) = trimmedRange(a, i)
        }
        for q in [UInt8(ascii: "'"), UInt8(ascii: "\"")] where b - a >= 2 && bytes[a] == q && bytes[b - 1] == q {
            if bytes[(a + 1)..<(b - 1)].firstIndex(of: q) == nil { return (Array(bytes[(a + 1)..<(b - 1)]), a..<b) }
        }
        return (Array(bytes[a..<b]), a..<b)
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (0x09...0x0D).contains(c) }

    private func skipSpace(_ from: Int, _ end: Int) -> Int {
        var i = from
        while i < end, Self.isSpace(bytes[i]) { i += 1 }
        return i
    }

    private func trimmedRange(_ from: Int, _ end: Int) -> (Int, Int) {
        let a = skipSpace(from, end)
        var b = end
        while b > a, Self.isSpace(bytes[b - 1]) { b -= 1 }
        return (a, b)
    }

    private func trimmed(_ from: Int, _ end: Int) -> [UInt8] {
        let (a, b) = trimmedRange(from, end)
        return Array(bytes[a..<b])
    }

    private func firstDelimiter(in range: Range<Int>) -> Int? {
        bytes[range].firstIndex { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ":") }
    }

    private func firstCommentChar(in range: Range<Int>) -> Int? {
        bytes[range].firstIndex { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: ";") }
    }

    private func firstIndex(of needle: [UInt8], in range: Range<Int>) -> Int? {
        guard range.count >= needle.count else { return nil }
        return range.lowerBound.stride(through: range.upperBound - needle.count).first { bytes[$0...].starts(with: needle) }
    }

    private func lastIndex(of needle: [UInt8], in range: Range<Int>) -> Int? {
        guard range.count >= needle.count else { return nil }
        var i = range.upperBound - needle.count
        while i >= range.lowerBound {
            if bytes[i...].starts(with: needle) { return i }
            i -= 1
        }
        return nil
    }

    private static func strip(_ text: [UInt8]) -> [UInt8] {
        var a = 0, b = text.count
        while a < b, isSpace(text[a]) { a += 1 }
        while b > a, isSpace(text[b - 1]) { b -= 1 }
        return Array(text[a..<b])
    }

    /// The comment text sops keeps: leading `;`/`#` characters and spaces removed (go-ini + sops).
    private static func commentText(_ comment: [UInt8]) -> String {
        var rest = comment[...]
        let marker = rest.first
        if marker == UInt8(ascii: ";") || marker == UInt8(ascii: "#") {
            while let c = rest.first, c == marker || c == 0x20 { rest = rest.dropFirst() }
        }
        return String(decoding: rest, as: UTF8.self)
    }

    private func error(_ message: String, at offset: Int) -> SopsError {
        let line = bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        return SopsError(.syntax, "Error unmarshalling input ini: \(message) (line \(line))")
    }
}

private extension Int {
    func stride(through end: Int) -> StrideThrough<Int> { Swift.stride(from: self, through: end, by: 1) }
}
