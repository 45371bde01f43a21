import HTTPTypes

/// The security headers every response carries (SPEC §4).
enum SecurityHeaders {
    static let fields: [(HTTPField.Name, String)] = [
        (HTTPField.Name("Strict-Transport-Security")!, "max-age=63072000; includeSubDomains"),
        (HTTPField.Name("Content-Security-Policy")!, "default-src 'none'; frame-ancestors 'none'"),
        (HTTPField.Name("X-Frame-Options")!, "DENY"),
        (HTTPField.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
    ]

    static func apply(to headers: inout HTTPFields) {
        for (name, value) in fields { headers[name] = value }
    }
}
