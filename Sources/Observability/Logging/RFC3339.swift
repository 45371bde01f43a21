import Foundation

/// Fast UTC RFC 3339 timestamps with milliseconds (`2026-01-02T03:04:05.678Z`), without a formatter.
enum RFC3339 {
    static func format(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the timestamp's 24 ASCII bytes to `out`.
    static func append(_ date: Date, to out: inout [UInt8]) {
        let interval = date.timeIntervalSince1970 * 1000
        let millisecondsTotal = interval.isFinite ? Int64(max(-1e17, min(1e17, interval)).rounded(.down)) : 0
        var days =
            millisecondsTotal >= 0 ? millisecondsTotal / 86_400_000 : (millisecondsTotal - 86_399_999) / 86_400_000
        let msOfDay = millisecondsTotal - days * 86_400_000
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        digits(year, 4, &out)
        out.append(UInt8(ascii: "-"))
        digits(month, 2, &out)
        out.append(UInt8(ascii: "-"))
        digits(day, 2, &out)
        out.append(UInt8(ascii: "T"))
        digits(msOfDay / 3_600_000, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits((msOfDay / 60_000) % 60, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits((msOfDay / 1000) % 60, 2, &out)
        out.append(UInt8(ascii: "."))
        digits(msOfDay % 1000, 3, &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// Appends `value` as exactly `width` decimal digits (years outside 0...9999 are clamped).
    private static func digits(_ value: Int64, _ width: Int, _ out: inout [UInt8]) {
        var value = max(0, value)
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        value = min(value, divisor * 10 - 1)
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}
