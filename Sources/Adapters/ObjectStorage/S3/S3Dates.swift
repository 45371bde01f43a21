import CoreSupport
import Foundation

/// The two date forms S3 uses: RFC 3339 in XML documents, the HTTP date in `Last-Modified`.
enum S3Dates {
    /// `2025-01-02T03:04:05.000Z` (fractional seconds optional).
    static func parseISO8601(_ text: String) -> Date? {
        RFC3339.parse(text)
    }

    /// `Wed, 12 Oct 2009 17:50:00 GMT`.
    static func parseHTTPDate(_ text: String) -> Date? {
        HTTPDate.parse(text)
    }
}
