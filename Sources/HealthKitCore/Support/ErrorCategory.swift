/// Reduces error categories to a short, header- and JSON-safe token.
enum ErrorCategory {
    /// The category of a thrown error that is not a `HealthCheckFailure`.
    static let checkFailed = "check_failed"
    /// The category of a check abandoned at its timeout.
    static let timeout = "timeout"
    /// The category of a check abandoned because the evaluation itself was cancelled.
    static let cancelled = "cancelled"

    /// Maps every character outside `[A-Za-z0-9_.-]` to `_` and keeps at most 64 characters.
    static func sanitize(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars.prefix(64) {
            let allowed =
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "." || scalar == "-"
            scalars.append(allowed ? scalar : "_")
        }
        return scalars.isEmpty ? "error" : String(scalars)
    }
}
