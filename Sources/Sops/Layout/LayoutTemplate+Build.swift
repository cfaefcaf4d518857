extension LayoutTemplate {
    /// Cuts the leaves out of `source`: each span becomes a slot with the first style that reproduces
    /// its text, or its raw text.
    init(source: [UInt8], format: SopsFormat, leafCount: Int, spans: [LeafSpan], renderer: some LeafRenderer) throws(SopsError) {
        var segments: [Segment] = []
        var cursor = 0
        for span in spans.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            guard span.range.lowerBound >= cursor, span.range.upperBound <= source.count else {
                throw SopsError(.invalidValue, "internal error: overlapping leaf spans in the layout template")
            }
            if span.range.lowerBound > cursor { segments.append(.literal(Array(source[cursor..<span.range.lowerBound]))) }
            let original = source[span.range]
            let type = ValueType.of(span.value)?.rawValue ?? "null"
            let spelling: Spelling
            if let style = span.styles.first(where: { renderer.render(span.value, style: $0).map { original.elementsEqual($0) } ?? false }) {
                spelling = .derived(style)
            } else {
                spelling = .raw(Array(original), valueCheck: Self.valueCheck(span.value))
            }
            segments.append(.leaf(LeafSlot(ordinal: span.ordinal, type: type, pathCheck: FNV.hash(TreeCipher.aad(span.path).utf8),
                                           spelling: spelling)))
            cursor = span.range.upperBound
        }
        if cursor < source.count { segments.append(.literal(Array(source[cursor...]))) }
        self.init(format: format, leafCount: leafCount, segments: segments)
    }

    /// Numbers in clear may come back as the other kind (sops writes float 1.0 as `1`, read as an
    /// int); their plaintext bytes, which the raw check compares, are the same.
    static func sameKind(_ a: String, _ b: String) -> Bool {
        a == b || (["int", "float"].contains(a) && ["int", "float"].contains(b))
    }

    static func valueCheck(_ value: SopsValue) -> UInt32 {
        FNV.hash((try? ValueType.plaintext(of: value)) ?? [])
    }

    /// Fills the slots from the decrypted tree's leaves; nil (with the reason) when they do not fit.
    func render(leaves: [(path: [String], value: SopsValue)], renderer: some LeafRenderer) -> Result<[UInt8], LayoutMismatch> {
        guard leaves.count == leafCount else {
            return .failure(LayoutMismatch("the document has \(leaves.count) values, the layout \(leafCount)"))
        }
        var out: [UInt8] = []
        for segment in segments {
            switch segment {
            case .literal(let bytes):
                out += bytes
            case .leaf(let slot):
                guard slot.ordinal < leaves.count else { return .failure(LayoutMismatch("value \(slot.ordinal) is missing")) }
                let leaf = leaves[slot.ordinal]
                guard Self.sameKind(ValueType.of(leaf.value)?.rawValue ?? "null", slot.type),
                      FNV.hash(TreeCipher.aad(leaf.path).utf8) == slot.pathCheck else {
                    return .failure(LayoutMismatch("value \(slot.ordinal) changed its path or type"))
                }
                switch slot.spelling {
                case .derived(let style):
                    guard let text = renderer.render(leaf.value, style: style) else {
                        return .failure(LayoutMismatch("value \(slot.ordinal) cannot be spelled as before"))
                    }
                    out += text
                case .raw(let text, let check):
                    guard Self.valueCheck(leaf.value) == check else {
                        return .failure(LayoutMismatch("value \(slot.ordinal) changed"))
                    }
                    out += text
                }
            }
        }
        return .success(out)
    }
}

/// Why a layout template was not used (the file then decrypts to the canonical rendering).
struct LayoutMismatch: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

extension LayoutTemplate {
    /// `gitsops-layout/1 <format> <leaves>\n`, then records: `L<n>:<bytes>` literal,
    /// `V<ordinal>,<type>,<path check>,<style>;` derived, `R<ordinal>,<type>,<path check>,<value check>,<n>:<bytes>` raw.
    func serialized() -> [UInt8] {
        var out = Array("\(Self.magic) \(format.rawValue) \(leafCount)\n".utf8)
        for segment in segments {
            switch segment {
            case .literal(let bytes):
                out += Array("L\(bytes.count):".utf8) + bytes
            case .leaf(let slot):
                let head = "\(slot.ordinal),\(slot.type),\(String(slot.pathCheck, radix: 16))"
                switch slot.spelling {
                case .derived(let style): out += Array("V\(head),\(style);".utf8)
                case .raw(let text, let check): out += Array("R\(head),\(String(check, radix: 16)),\(text.count):".utf8) + text
                }
            }
        }
        return out
    }

    init?(serialized bytes: [UInt8]) {
        var reader = Reader(bytes: bytes)
        guard let header = reader.until(0x0A) else { return nil }
        let fields = String(decoding: header, as: UTF8.self).split(separator: " ")
        guard fields.count == 3, fields[0] == Self.magic, let format = SopsFormat(rawValue: String(fields[1])),
              let leafCount = Int(fields[2]) else { return nil }
        var segments: [Segment] = []
        while let tag = reader.next() {
            switch tag {
            case UInt8(ascii: "L"):
                guard let n = reader.number(until: UInt8(ascii: ":")), let text = reader.take(n) else { return nil }
                segments.append(.literal(text))
            case UInt8(ascii: "V"), UInt8(ascii: "R"):
                guard let ordinal = reader.number(until: UInt8(ascii: ",")), let type = reader.until(UInt8(ascii: ",")),
                      let pathCheck = reader.hex(until: UInt8(ascii: ",")) else { return nil }
                let spelling: Spelling
                if tag == UInt8(ascii: "V") {
                    guard let style = reader.until(UInt8(ascii: ";")) else { return nil }
                    spelling = .derived(String(decoding: style, as: UTF8.self))
                } else {
                    guard let check = reader.hex(until: UInt8(ascii: ",")), let n = reader.number(until: UInt8(ascii: ":")),
                          let text = reader.take(n) else { return nil }
                    spelling = .raw(text, valueCheck: check)
                }
                segments.append(.leaf(LeafSlot(ordinal: ordinal, type: String(decoding: type, as: UTF8.self),
                                               pathCheck: pathCheck, spelling: spelling)))
            default:
                return nil
            }
        }
        self.init(format: format, leafCount: leafCount, segments: segments)
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func next() -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func until(_ terminator: UInt8) -> [UInt8]? {
            guard let end = bytes[index...].firstIndex(of: terminator) else { return nil }
            defer { index = end + 1 }
            return Array(bytes[index..<end])
        }

        mutating func number(until terminator: UInt8) -> Int? {
            until(terminator).flatMap { Int(String(decoding: $0, as: UTF8.self)) }.flatMap { $0 >= 0 ? $0 : nil }
        }

        mutating func hex(until terminator: UInt8) -> UInt32? {
            until(terminator).flatMap { UInt32(String(decoding: $0, as: UTF8.self), radix: 16) }
        }

        mutating func take(_ n: Int) -> [UInt8]? {
            guard n <= bytes.count - index else { return nil }
            defer { index += n }
            return Array(bytes[index..<(index + n)])
        }
    }
}
