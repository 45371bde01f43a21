public import Foundation

/// The HTTP date of RFC 9110 (`Wed, 12 Oct 2009 17:50:00 GMT`), as `Last-Modified` and `Retry-After` carry it.
public enum HTTPDate {
    private static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Parses the IMF-fixdate form (surrounding blanks ignored; `GMT` or `UTC`); nil for anything else.
    public static func parse(_ text: String) -> Date? {
        var scanner = DigitScanner(text.trimmingCharacters(in: .whitespaces))
        guard scanner.oneOf(weekdays) != nil, scanner.skip(","), scanner.skip(" "),
            let day = scanner.number(width: 2), scanner.skip(" "), let month = scanner.oneOf(months),
            scanner.skip(" "), let year = scanner.number(width: 4), scanner.skip(" "),
            let hour = scanner.number(width: 2), scanner.skip(":"), let minute = scanner.number(width: 2),
            scanner.skip(":"), let second = scanner.number(width: 2), scanner.skip(" "),
            scanner.oneOf(["GMT", "UTC"]) != nil, scanner.atEnd,
            (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        let days = CivilDate.daysSince1970(year: year, month: Int64(month) + 1, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
    }
}

extension HTTPDate {
    /// The IMF-fixdate of the whole second `secondsSince1970` (UTC), as the `Date` header carries it.
    public static func format(secondsSince1970 seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        let (year, month, day) = CivilDate.date(daysSince1970: days)
        // 1970-01-01 was a Thursday (index 3 from Monday).
        let weekday = Int(((days % 7) + 7 + 3) % 7)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekdays[weekday]), \(two(day)) \(months[Int(month) - 1]) \(year) "
            + "\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60)) GMT"
    }
}
