import TextEncoding
/// One packet of git's pkt-line framing: four hex digits giving the total length (header
/// included), then the payload; `0000` is a flush packet. See gitprotocol-common(5).
enum PktLine: Equatable, Sendable {
    case data([UInt8])
    case flush

    /// "The maximum length of a pkt-line's data component is 65516 bytes" (gitprotocol-common(5):
    /// 65520 bytes per packet, 4 of them the length header). Git's LARGE_PACKET_DATA_MAX.
    static let maximumPayload = 65516
    static let headerLength = 4

    /// A text packet: `line` plus the terminating LF git expects (gitprotocol-common(5)).
    static func text(_ line: String) -> PktLine { .data(Array((line + "\n").utf8)) }

    /// The payload as text without its trailing LF; `nil` for a flush or non-UTF-8 payload.
    var text: String? {
        guard case .data(var bytes) = self else { return nil }
        if bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Appends the wire form. Payloads longer than `maximumPayload` are a programming error:
    /// use `PktLine.packets(for:)` to split content.
    func encode(into out: inout [UInt8]) {
        switch self {
        case .flush:
            out.append(contentsOf: Array("0000".utf8))
        case .data(let payload):
            precondition(payload.count <= Self.maximumPayload, "pkt-line payload too long")
            let length = payload.count + Self.headerLength
            for shift in stride(from: 12, through: 0, by: -4) { out.append(Hex.digits[(length >> shift) & 0xf]) }
            out.append(contentsOf: payload)
        }
    }

    /// `content` split into maximum-size data packets (none for empty content), without the flush.
    static func packets(for content: [UInt8]) -> [PktLine] {
        stride(from: 0, to: content.count, by: maximumPayload).map { start in
            .data(Array(content[start..<min(start + maximumPayload, content.count)]))
        }
    }
}

/// Incremental pkt-line reader: `append` bytes as they arrive, then call `next()` until it returns
/// `nil` (more input needed). Malformed framing throws; the parser is then unusable.
struct PktLineParser: Sendable {
    private var buffer: [UInt8] = []
    private var offset = 0

    init() {}

    mutating func append(_ bytes: some Collection<UInt8>) {
        if offset > 0 && offset == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            offset = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Whether bytes of an incomplete packet are waiting (input ending now would be truncated).
    var hasPartialPacket: Bool { offset < buffer.count }

    /// The next complete packet, or `nil` when the buffer holds only part of one.
    mutating func next() throws(FilterProtocolError) -> PktLine? {
        guard buffer.count - offset >= PktLine.headerLength else { return nil }
        var length = 0
        for i in 0..<PktLine.headerLength {
            guard let digit = Hex.value(buffer[offset + i]) else {
                throw .malformed("invalid pkt-line length \(Self.printable(buffer[offset..<offset + PktLine.headerLength]))")
            }
            length = length << 4 | Int(digit)
        }
        if length == 0 {
            offset += PktLine.headerLength
            compact()
            return .flush
        }
        guard length >= PktLine.headerLength else {
            // 0001 (delimiter) and 0002 (response end) belong to protocol v2 of upload-pack, not to filters.
            throw .malformed("unexpected special pkt-line \(Self.printable(buffer[offset..<offset + PktLine.headerLength]))")
        }
        guard length - PktLine.headerLength <= PktLine.maximumPayload else {
            throw .malformed("pkt-line of \(length) bytes exceeds the maximum of \(PktLine.maximumPayload + PktLine.headerLength)")
        }
        guard buffer.count - offset >= length else { return nil }
        let payload = Array(buffer[offset + PktLine.headerLength..<offset + length])
        offset += length
        compact()
        return .data(payload)
    }

    /// Drops consumed bytes once they dominate the buffer, so long streams stay O(n).
    private mutating func compact() {
        if offset > 1 << 16 && offset * 2 > buffer.count {
            buffer.removeFirst(offset)
            offset = 0
        }
    }

    private static func printable(_ bytes: ArraySlice<UInt8>) -> String {
        "\"" + bytes.map { (0x20..<0x7f).contains($0) ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined() + "\""
    }
}
