/// Maps byte offsets of a UTF-8 source to 1-based line and column numbers.
struct SourceText: Sendable {
    /// Offsets at which each line starts (after LF, CR or CRLF).
    private let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        var starts = [0]
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x0A {
                starts.append(i + 1)
            } else if b == 0x0D {
                if i + 1 < n, bytes[i + 1] == 0x0A { i += 1 }
                starts.append(i + 1)
            }
            i += 1
        }
        lineStarts = starts
    }

    /// 0-based line containing `offset`.
    func lineIndex(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Start offset of the 0-based line `index`.
    func lineStart(_ index: Int) -> Int { lineStarts[index] }

    /// 1-based line and column (counting Unicode scalars) of `offset` in `bytes`.
    func location(of offset: Int, in bytes: [UInt8]) -> YAMLLocation {
        let line = lineIndex(of: offset)
        var column = 0
        var i = lineStarts[line]
        let end = min(offset, bytes.count)
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        if offset > bytes.count { column += offset - bytes.count }
        return YAMLLocation(offset: offset, line: line + 1, column: column + 1)
    }

    func error(_ positioned: PositionedError, in bytes: [UInt8]) -> YAMLError {
        let location = location(of: positioned.offset, in: bytes)
        return YAMLError(line: location.line, column: location.column, message: positioned.message)
    }
}

/// A position in the source: byte offset plus 1-based line and column.
public struct YAMLLocation: Hashable, Sendable, CustomStringConvertible {
    /// Byte offset from the start of the input.
    public let offset: Int
    /// 1-based line.
    public let line: Int
    /// 1-based column, counted in Unicode scalars.
    public let column: Int

    /// `line:column`.
    public var description: String { "\(line):\(column)" }
}
