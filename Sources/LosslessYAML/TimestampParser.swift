/// yaml.v3's timestamp recognition: the text must start with four digits and `-`, then match one
/// of Go's layouts `2006-1-2T15:4:5.999999999Z07:00` (also with `t`), `2006-1-2 15:4:5.999999999`
/// (no zone: UTC) or `2006-1-2`, with Go `time.Parse` rules (1–2 digit fields, `.` or `,` before
/// the fraction, range checks, offset hours up to 24).
enum TimestampParser {
    static func parse(_ text: Substring.UTF8View) -> YAMLTimestamp? {
        let s = Array(text)
        guard s.count > 4, s[0..<4].allSatisfy(ByteClass.isDigit), s[4] == UInt8(ascii: "-") else { return nil }
        for separator in [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " "), 0] {
            if let timestamp = parse(s, separator: separator) { return timestamp }
        }
        return nil
    }

    /// One layout: `separator` 0 means date only; a space means no zone.
    private static func parse(_ s: [UInt8], separator: UInt8) -> YAMLTimestamp? {
        var i = 0
        func number(fixed: Bool) -> Int? {
            guard i < s.count, ByteClass.isDigit(s[i]) else { return nil }
            if i + 1 >= s.count || !ByteClass.isDigit(s[i + 1]) {
                if fixed { return nil }
                i += 1
                return Int(s[i - 1] - 0x30)
            }
            i += 2
            return Int(s[i - 2] - 0x30) * 10 + Int(s[i - 1] - 0x30)
        }
        func literal(_ b: UInt8) -> Bool {
            guard i < s.count, s[i] == b else { return false }
            i += 1
            return true
        }
        let year = s[0..<4].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        i = 5
        guard let month = number(fixed: false), (1...12).contains(month), literal(UInt8(ascii: "-")),
              let day = number(fixed: false) else { return nil }
        guard day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var timestamp = YAMLTimestamp(year: year, month: month, day: day)
        if separator == 0 { return i == s.count ? timestamp : nil }

        if separator == ByteClass.space {
            // Go's layout space matches one or more spaces.
            guard i < s.count, s[i] == ByteClass.space else { return nil }
            while i < s.count, s[i] == ByteClass.space { i += 1 }
        } else if !literal(separator) {
            return nil
        }
        guard let hour = number(fixed: false), hour < 24, literal(UInt8(ascii: ":")),
              let minute = number(fixed: false), minute < 60, literal(UInt8(ascii: ":")),
              let second = number(fixed: false), second < 60 else { return nil }
        timestamp.hour = hour
        timestamp.minute = minute
        timestamp.second = second
        if i + 1 < s.count, s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: ","), ByteClass.isDigit(s[i + 1]) {
            i += 1
            var nanos = 0
            var digits = 0
            while i < s.count, ByteClass.isDigit(s[i]) {
                if digits < 9 { nanos = nanos * 10 + Int(s[i] - 0x30) }
                digits += 1
                i += 1
            }
            for _ in min(digits, 9)..<9 { nanos *= 10 }
            timestamp.nanosecond = nanos
        }
        if separator == ByteClass.space { return i == s.count ? timestamp : nil }

        guard i < s.count else { return nil }
        if s[i] == UInt8(ascii: "Z") {
            return i + 1 == s.count ? timestamp : nil
        }
        guard s.count - i == 6, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-"), s[i + 3] == UInt8(ascii: ":") else {
            return nil
        }
        let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
        i += 1
        guard let offsetHours = number(fixed: true), offsetHours <= 24 else { return nil }
        i += 1
        guard let offsetMinutes = number(fixed: true), offsetMinutes <= 60 else { return nil }
        timestamp.utcOffsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
        return timestamp
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
