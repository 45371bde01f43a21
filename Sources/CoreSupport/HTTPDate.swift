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
