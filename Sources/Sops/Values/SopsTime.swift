/// A timestamp as Go's `time.Time` holds one after parsing: wall clock, nanoseconds and a fixed UTC
/// offset. sops encrypts YAML timestamps as `type:time` (spec/sops-format.md §3.3).
public struct SopsTime: Sendable, Equatable, Hashable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var nanosecond: Int
    /// Seconds east of UTC.
    public var offset: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                nanosecond: Int = 0, offset: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
        self.offset = offset
    }

    /// Go `MarshalText` (RFC 3339 with trailing-zero-trimmed fraction): the bytes sops encrypts and
    /// hashes. Fails like Go outside years 0…9999 or for offsets of 24 hours or more.
    func marshalText() throws(SopsError) -> String {
        guard (0...9999).contains(year) else {
            throw SopsError(.invalidValue, "Time.MarshalText: year outside of range [0,9999]")
        }
        guard abs(offset) / 3600 < 24 else {
            throw SopsError(.invalidValue, "Time.MarshalText: timezone hour outside of range [0,23]")
        }
        var text = wallClock
        if nanosecond != 0 {
            var fraction = String(nanosecond)
            fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + zone
    }

    /// Go `Format(time.RFC3339)`: whole seconds (how sops writes `lastmodified` and `created_at`).
    public var rfc3339: String { wallClock + zone }

    private var wallClock: String {
        "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
    }

    private var zone: String {
        if offset == 0 { return "Z" }
        let minutes = abs(offset) / 60
        return (offset < 0 ? "-" : "+") + pad(minutes / 60, 2) + ":" + pad(minutes % 60, 2)
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The current time in UTC, whole seconds.
    public static func now() -> SopsTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return SopsTime(unixSeconds: Int64(spec.tv_sec))
    }

    /// A UTC time from seconds since 1970 (civil-from-days, proleptic Gregorian).
    public init(unixSeconds: Int64) {
        let days = Int(unixSeconds >= 0 ? unixSeconds / 86400 : (unixSeconds - 86399) / 86400)
        let secondsOfDay = Int(unixSeconds - Int64(days) * 86400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day,
                  hour: secondsOfDay / 3600, minute: secondsOfDay / 60 % 60, second: secondsOfDay % 60)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SopsTime {
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
        if expect(0x5A) {
            offset = 0
        } else {
            guard i < b.count, b[i] == 0x2B || b[i] == 0x2D else { return nil }
            let negative = b[i] == 0x2D
            i += 1
            guard let oh = number(2, 2), expect(0x3A), let om = number(2, 2) else { return nil }
            if strict, oh > 23 || om > 59 { return nil }
            offset = (oh * 60 + om) * 60 * (negative ? -1 : 1)
        }
        guard i == b.count, (1...12).contains(month), hour <= 23, minute <= 59, second <= 59,
              day >= 1, day <= SopsTime.daysIn(month: month, year: year) else { return nil }
        return SopsTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                        nanosecond: nanos, offset: offset)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
