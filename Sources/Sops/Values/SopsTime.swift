public import LosslessYAML
import Platform

/// A timestamp as Go's `time.Time` holds one after parsing (wall clock, nanoseconds, fixed UTC
/// offset): YAML `type:time` values and the metadata's `lastmodified` (spec/sops-format.md §3.3).
public typealias SopsTime = YAMLTimestamp

extension YAMLTimestamp {
    /// Go `MarshalText` (the bytes sops encrypts and hashes), failing like Go outside years
    /// 0…9999 or for offsets of 24 hours or more.
    func sopsMarshalText() throws(SopsError) -> String {
        guard let text = marshalText else {
            throw SopsError(.invalidValue, "Error marshaling timestamp: year outside of range [0,9999] or offset of 24 hours or more")
        }
        return text
    }

    /// Go `Format(time.RFC3339)`: whole seconds (how sops writes `lastmodified` and `created_at`).
    public var rfc3339Seconds: String {
        var copy = self
        copy.nanosecond = 0
        return copy.rfc3339
    }

    /// The current time in UTC, whole seconds.
    public static func now() -> SopsTime { SopsTime(unixSeconds: CivilTime.currentSecondsSinceEpoch()) }

    /// A UTC time from seconds since 1970 (proleptic Gregorian).
    public init(unixSeconds: Int64) {
        let c = CivilTime(secondsSinceEpoch: unixSeconds)
        self.init(year: Int(c.year), month: Int(c.month), day: Int(c.day),
                  hour: Int(c.hour), minute: Int(c.minute), second: Int(c.second))
    }

    /// Parses RFC 3339 as Go's `time.Parse(time.RFC3339, …)` does for metadata timestamps (`strict`
    /// false: one-digit hours and `,` fractions allowed) or as `UnmarshalText` does for `type:time`
    /// values (`strict` true).
    static func parseRFC3339(_ text: String, strict: Bool) -> SopsTime? {
        let b = Array(text.utf8)
        var i = 0
        func number(_ minDigits: Int, _ maxDigits: Int) -> Int? {
            var value = 0, count = 0
            while i < b.count, count < maxDigits, (48...57).contains(b[i]) {
                value = value * 10 + Int(b[i] - 48); i += 1; count += 1
            }
            return count >= minDigits ? value : nil
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4, 4), expect(0x2D), let month = number(2, 2), expect(0x2D),
              let day = number(2, 2), expect(0x54), let hour = number(strict ? 2 : 1, 2), expect(0x3A),
              let minute = number(2, 2), expect(0x3A), let second = number(2, 2) else { return nil }
        var nanos = 0
        if i < b.count, b[i] == 0x2E || (!strict && b[i] == 0x2C) {
            i += 1
            var digits = 0
            while i < b.count, (48...57).contains(b[i]) {
                if digits < 9 { nanos = nanos * 10 + Int(b[i] - 48) }
                digits += 1; i += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 9)..<9 { nanos *= 10 }
        }
        var offset = 0
        if !expect(0x5A) {
            guard i < b.count, b[i] == 0x2B || b[i] == 0x2D else { return nil }
            let negative = b[i] == 0x2D
            i += 1
            guard let oh = number(2, 2), expect(0x3A), let om = number(2, 2) else { return nil }
            if strict, oh > 23 || om > 59 { return nil }
            offset = (oh * 60 + om) * 60 * (negative ? -1 : 1)
        }
        guard i == b.count, (1...12).contains(month), hour <= 23, minute <= 59, second <= 59,
              day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        return SopsTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                        nanosecond: nanos, utcOffsetSeconds: offset)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
