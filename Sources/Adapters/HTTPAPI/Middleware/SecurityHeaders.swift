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

    private static let prepared: [HTTPField] = fields.map { HTTPField(name: $0.0, value: $0.1) }

    /// Sets every security header, replacing a value a handler may have set.
    static func apply(to headers: inout HTTPFields) {
        for field in prepared {
            // Appending is cheaper than the subscript's replace; replace only when the name is already there.
            if headers.contains(field.name) {
                headers[field.name] = field.value
            } else {
                headers.append(field)
            }
        }
    }
}
