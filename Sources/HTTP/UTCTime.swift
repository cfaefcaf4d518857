import Platform

/// A UTC instant with second precision: `created_at` stamps, SigV4 dates, token expiry times.
public struct UTCTime: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }

    /// The current wall-clock time.
    public static func now() -> UTCTime { UTCTime(secondsSinceEpoch: CivilTime.currentSecondsSinceEpoch()) }

    public static func < (a: UTCTime, b: UTCTime) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    public func adding(seconds: Int64) -> UTCTime { UTCTime(secondsSinceEpoch: secondsSinceEpoch + seconds) }

    /// `2006-01-02T15:04:05Z` (RFC 3339, the form sops writes for `created_at`).
    public var rfc3339: String {
        let c = civil
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))Z"
    }

    /// `20060102T150405Z` (SigV4's `X-Amz-Date`).
    public var basicISO8601: String {
        let c = civil
        return "\(pad(c.year, 4))\(pad(c.month))\(pad(c.day))T\(pad(c.hour))\(pad(c.minute))\(pad(c.second))Z"
    }

    /// `20060102` (SigV4's credential scope date).
    public var basicDate: String { String(basicISO8601.prefix(8)) }

    /// Parses RFC 3339 (`2006-01-02T15:04:05[.fff](Z|±hh:mm)`, also with a space or lower-case `t`/`z`),
    /// dropping fractional seconds.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= b.count else { return nil }
            var n: Int64 = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                n = n * 10 + Int64(b[i] - 48)
            }
            return n
        }
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(b[10]),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            guard i > start else { return nil }
        }
        var offset: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if i + 6 == b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: ":"),
                  let oh = number(i + 1..<i + 3), let om = number(i + 4..<i + 6) {
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        secondsSinceEpoch = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            .secondsSinceEpoch - offset
    }

    private var civil: CivilTime { CivilTime(secondsSinceEpoch: secondsSinceEpoch) }
}

private func pad(_ n: Int64, _ width: Int = 2) -> String {
    let s = String(n)
    return String(repeating: "0", count: max(0, width - s.count)) + s
}
