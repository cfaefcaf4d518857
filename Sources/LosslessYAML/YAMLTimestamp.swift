/// A YAML timestamp as Go's `time.Time` holds it: wall clock fields plus a fixed UTC offset.
public struct YAMLTimestamp: Sendable, Hashable, CustomStringConvertible {
    /// Year (Go accepts 0000–9999 in YAML timestamps).
    public var year: Int
    /// Month, 1–12.
    public var month: Int
    /// Day of the month, 1–31.
    public var day: Int
    /// Hour, 0–23.
    public var hour: Int
    /// Minute, 0–59.
    public var minute: Int
    /// Second, 0–59.
    public var second: Int
    /// Nanoseconds (digits past the ninth are dropped, as Go does).
    public var nanosecond: Int
    /// Offset from UTC in seconds (0 for `Z` and for timestamps written without a zone).
    public var utcOffsetSeconds: Int

    /// Creates a timestamp from wall clock fields.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                nanosecond: Int = 0, utcOffsetSeconds: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Go's `Time.Format(time.RFC3339Nano)`: fraction without trailing zeros (none if zero),
    /// `Z` for a zero offset, otherwise `±hh:mm`.
    public var rfc3339: String {
        var out = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
            + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        if nanosecond > 0 {
            var digits = pad(nanosecond, 9)
            while digits.hasSuffix("0") { digits.removeLast() }
            out += "." + digits
        }
        if utcOffsetSeconds == 0 {
            out += "Z"
        } else {
            let minutes = abs(utcOffsetSeconds) / 60
            out += (utcOffsetSeconds < 0 ? "-" : "+") + pad(minutes / 60, 2) + ":" + pad(minutes % 60, 2)
        }
        return out
    }

    /// Go's `Time.MarshalText` (what sops encrypts and hashes): `rfc3339`, or nil where Go fails
    /// (year outside 0...9999, offset of 24 hours or more).
    public var marshalText: String? {
        guard (0...9999).contains(year), abs(utcOffsetSeconds) / 3600 < 24 else { return nil }
        return rfc3339
    }

    /// `rfc3339`.
    public var description: String { rfc3339 }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
