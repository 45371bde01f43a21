public import Foundation

/// RFC 3339 timestamps in UTC (`2026-01-02T03:04:05.678Z`), written and read without a formatter: the one
/// timestamp codec of the code base (HTTP bodies, logs, health documents, S3 documents, backup metadata).
public enum RFC3339 {
    /// How many digits of the second a timestamp carries.
    public enum Precision: Sendable {
        /// `2026-01-02T03:04:05Z`; the fraction is cut.
        case seconds
        /// `2026-01-02T03:04:05.678Z`; the rest is cut (a log line never shows a later time than it was).
        case milliseconds
        /// `2026-01-02T03:04:05.678901Z`, rounded to the nearest microsecond (the precision dates are kept at).
        case microseconds

        var digits: Int {
            switch self {
            case .seconds: 0
            case .milliseconds: 3
            case .microseconds: 6
            }
        }
    }

    /// The text of `date`.
    public static func string(_ date: Date, precision: Precision) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        append(date, precision: precision, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the text of `date` (20 to 27 ASCII bytes; years outside 0...9999 are clamped) to `out`.
    public static func append(_ date: Date, precision: Precision, to out: inout [UInt8]) {
        let digits = precision.digits
        let perSecond: Int64 = digits == 0 ? 1 : digits == 3 ? 1000 : 1_000_000
        let scaled = date.timeIntervalSince1970 * Double(perSecond)
        let rounded = precision == .microseconds ? scaled.rounded() : scaled.rounded(.down)
        let units = rounded.isFinite ? Int64(max(-1e17, min(1e17, rounded))) : 0
        let seconds = units >= 0 ? units / perSecond : (units - perSecond + 1) / perSecond
        let fraction = units - seconds * perSecond
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilDate.date(daysSince1970: days)
        // At most "YYYY-MM-DDTHH:MM:SS.ffffffZ", 27 bytes: filled on the stack, appended once (dates are written
        // for every course of every response and every log line).
        var text: (UInt64, UInt64, UInt64, UInt32) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &text) { output in
            func put(_ value: Int64, width: Int, at offset: Int) {
                var value = value
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    output[index] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
                    value /= 10
                }
            }
            put(min(9999, max(0, year)), width: 4, at: 0)
            output[4] = UInt8(ascii: "-")
            put(month, width: 2, at: 5)
            output[7] = UInt8(ascii: "-")
            put(day, width: 2, at: 8)
            output[10] = UInt8(ascii: "T")
            put(secondOfDay / 3600, width: 2, at: 11)
            output[13] = UInt8(ascii: ":")
            put(secondOfDay / 60 % 60, width: 2, at: 14)
            output[16] = UInt8(ascii: ":")
            put(secondOfDay % 60, width: 2, at: 17)
            var length = 19
            if digits > 0 {
                output[19] = UInt8(ascii: ".")
                put(fraction, width: digits, at: 20)
                length = 20 + digits
            }
            output[length] = UInt8(ascii: "Z")
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: output[0...length]))
        }
    }

    /// Parses `2026-01-02T03:04:05Z`, with an optional fraction of any length and `Z` or a `±hh:mm` offset
    /// (surrounding blanks ignored); nil for anything else.
    public static func parse(_ text: String) -> Date? {
        var scanner = DigitScanner(text.trimmingCharacters(in: .whitespaces))
        guard let year = scanner.number(width: 4), scanner.skip("-"), let month = scanner.number(width: 2),
            scanner.skip("-"), let day = scanner.number(width: 2), scanner.skip("T") || scanner.skip("t"),
            let hour = scanner.number(width: 2), scanner.skip(":"), let minute = scanner.number(width: 2),
            scanner.skip(":"), let second = scanner.number(width: 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        if scanner.skip(".") {
            guard let (value, width) = scanner.fraction() else { return nil }
            fraction = Double(value) / pow(10, Double(width))
        }
        var offset: Int64 = 0
        if !(scanner.skip("Z") || scanner.skip("z")) {
            let sign: Int64
            if scanner.skip("+") {
                sign = 1
            } else if scanner.skip("-") {
                sign = -1
            } else {
                return nil
            }
            guard let hours = scanner.number(width: 2), scanner.skip(":"), let minutes = scanner.number(width: 2),
                hours < 24, minutes < 60
            else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
        }
        guard scanner.atEnd else { return nil }
        let days = CivilDate.daysSince1970(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
