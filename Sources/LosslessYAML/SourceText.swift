/// Maps byte offsets of a UTF-8 source to 1-based line and column numbers.
struct SourceText: Sendable {
    /// Offsets at which each line starts (after LF, CR or CRLF).
    private let lineStarts: [Int]
    /// Lines made of ASCII only, where a column is a byte distance (no scan needed).
    private let asciiLines: [Bool]

    init(_ bytes: [UInt8]) {
        var starts = [0]
        var ascii: [Bool] = []
        var lineIsASCII = true
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x0A || b == 0x0D {
                if b == 0x0D, i + 1 < n, bytes[i + 1] == 0x0A { i += 1 }
                starts.append(i + 1)
                ascii.append(lineIsASCII)
                lineIsASCII = true
            } else if b >= 0x80 {
                lineIsASCII = false
            }
            i += 1
        }
        ascii.append(lineIsASCII)
        lineStarts = starts
        asciiLines = ascii
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
        if asciiLines[line], offset <= bytes.count {
            return YAMLLocation(offset: offset, line: line + 1, column: offset - lineStarts[line] + 1)
        }
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
