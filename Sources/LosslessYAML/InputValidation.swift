/// Checks that the input is UTF-8 made of YAML printable characters (c-printable), before
/// scanning, so the scanner can work on bytes.
enum InputValidation {
    /// Returns the offset and a message for the first offending byte, or nil.
    static func firstProblem(in bytes: [UInt8]) -> PositionedError? {
        let n = bytes.count
        var i = 0
        if n >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) {
            return PositionedError(0, "UTF-16 input is not supported; convert the file to UTF-8")
        }
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if b >= 0x20 && b != 0x7F || b == 0x0A || b == 0x0D || b == 0x09 {
                    i += 1
                    continue
                }
                return PositionedError(i, "control character not allowed in YAML")
            }
            let length: Int
            var scalar: UInt32
            if b & 0xE0 == 0xC0 {
                length = 2; scalar = UInt32(b & 0x1F)
            } else if b & 0xF0 == 0xE0 {
                length = 3; scalar = UInt32(b & 0x0F)
            } else if b & 0xF8 == 0xF0 {
                length = 4; scalar = UInt32(b & 0x07)
            } else {
                return PositionedError(i, "invalid UTF-8 byte sequence")
            }
            guard i + length <= n else { return PositionedError(i, "invalid UTF-8 byte sequence") }
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return PositionedError(i, "invalid UTF-8 byte sequence") }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
            if scalar < minimum || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) {
                return PositionedError(i, "invalid UTF-8 byte sequence")
            }
            if (scalar >= 0x80 && scalar <= 0x9F && scalar != 0x85) || scalar == 0xFFFE || scalar == 0xFFFF {
                return PositionedError(i, "control character not allowed in YAML")
            }
            if scalar == 0xFEFF, i != 0 {
                return PositionedError(i, "a byte order mark is only allowed at the start of the input")
            }
            i += length
        }
        return nil
    }
}
