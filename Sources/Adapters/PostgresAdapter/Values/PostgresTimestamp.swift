import CoreSupport
import CourseDomain
import Foundation

/// Text form of `timestamptz` values in the session settings the adapter uses (`TimeZone=UTC`, `DateStyle=ISO`).
///
/// Dates are carried as whole microseconds since 1970, Postgres's own precision, with integer arithmetic only,
/// so a value written and read back is the same `Date`.
enum PostgresTimestamp {
    /// `2024-11-30 06:37:01.123456+00` (six fraction digits; ` BC` suffix before year 1).
    static func format(_ date: Date) -> String {
        if date == .distantFuture { return "infinity" }
        if date == .distantPast { return "-infinity" }
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (days, microOfDay) = floorDivMod(micros, 86_400_000_000)
        let (year, month, day) = CivilDate.date(daysSince1970: days)
        let seconds = microOfDay / 1_000_000
        let fraction = microOfDay % 1_000_000
        var out = ""
        out.reserveCapacity(32)
        let bc = year <= 0
        append(bc ? 1 - year : year, width: 4, to: &out)
        out += "-"
        append(month, width: 2, to: &out)
        out += "-"
        append(day, width: 2, to: &out)
        out += " "
        append(seconds / 3600, width: 2, to: &out)
        out += ":"
        append(seconds / 60 % 60, width: 2, to: &out)
        out += ":"
        append(seconds % 60, width: 2, to: &out)
        out += "."
        append(fraction, width: 6, to: &out)
        out += "+00"
        if bc { out += " BC" }
        return out
    }

    /// Parses the ISO output of `timestamptz` (any offset, 0-6 fraction digits, `infinity`, ` BC`).
    static func parse(_ text: String) -> Date? {
        if text == "infinity" { return .distantFuture }
        if text == "-infinity" { return .distantPast }
        var scanner = Scanner(Array(text.utf8))
        guard let yearDigits = scanner.digits(), yearDigits.count >= 4, scanner.take(UInt8(ascii: "-")),
            let month = scanner.fixed(2), scanner.take(UInt8(ascii: "-")),
            let day = scanner.fixed(2), scanner.take(UInt8(ascii: " ")) || scanner.take(UInt8(ascii: "T")),
            let hour = scanner.fixed(2), scanner.take(UInt8(ascii: ":")),
            let minute = scanner.fixed(2), scanner.take(UInt8(ascii: ":")),
            let second = scanner.fixed(2)
        else { return nil }
        var year = yearDigits.value
        var fraction: Int64 = 0
        if scanner.take(UInt8(ascii: ".")) {
            guard let digits = scanner.digits(), digits.count <= 6 else { return nil }
            fraction = digits.value
            for _ in digits.count..<6 { fraction *= 10 }
        }
        var offsetSeconds: Int64 = 0
        if let sign = scanner.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            scanner.index += 1
            guard let hours = scanner.fixed(2) else { return nil }
            var total = hours * 3600
            if scanner.take(UInt8(ascii: ":")) {
                guard let minutes = scanner.fixed(2) else { return nil }
                total += minutes * 60
                if scanner.take(UInt8(ascii: ":")) {
                    guard let secs = scanner.fixed(2) else { return nil }
                    total += secs
                }
            }
            offsetSeconds = sign == UInt8(ascii: "+") ? total : -total
        }
        if scanner.take(UInt8(ascii: " ")) {
            guard scanner.take(UInt8(ascii: "B")), scanner.take(UInt8(ascii: "C")) else { return nil }
            year = 1 - year
        }
        guard scanner.atEnd, (1...12).contains(month), (1...31).contains(day), hour <= 24, minute < 60, second < 61
        else { return nil }
        let days = CivilDate.daysSince1970(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        let micros = seconds * 1_000_000 + fraction
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    private static func append(_ value: Int64, width: Int, to out: inout String) {
        let digits = String(value)
        if digits.count < width { out += String(repeating: "0", count: width - digits.count) }
        out += digits
    }

    private static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// A tiny forward-only reader over ASCII bytes.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek() == byte else { return false }
            index += 1
            return true
        }

        /// One or more decimal digits (at most 18).
        mutating func digits() -> (value: Int64, count: Int)? {
            var value: Int64 = 0
            var count = 0
            while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), count < 18 {
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
                count += 1
                index += 1
            }
            return count == 0 ? nil : (value, count)
        }

        /// Exactly `width` decimal digits.
        mutating func fixed(_ width: Int) -> Int64? {
            let start = index
            guard let (value, count) = digits(), count == width else {
                index = start
                return nil
            }
            return value
        }
    }
}
