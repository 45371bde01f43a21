extension LintFinding {
    /// `migrations/002_x.sql:7 index-without-concurrently: message (fix: hint) [error]`; `directory` prefixes the file.
    public func rendered(directory: String? = nil) -> String {
        let path = directory.map { $0.hasSuffix("/") ? $0 + file : "\($0)/\(file)" } ?? file
        let fix = fixHint.isEmpty ? "" : " (fix: \(fixHint))"
        return "\(path):\(line) \(ruleID): \(message)\(fix) [\(severity.rawValue)]"
    }
}

extension [LintFinding] {
    /// What `coursed migrate --lint` prints: one line per finding, then a count (or that all is clean).
    public func rendered(directory: String? = nil, fileCount: Int) -> String {
        let files = "\(fileCount) migration file\(fileCount == 1 ? "" : "s")"
        guard !isEmpty else { return "No findings in \(files)." }
        let errors = filter { $0.severity == .error }.count
        let summary =
            "\(count) finding\(count == 1 ? "" : "s") in \(files): \(errors) error\(errors == 1 ? "" : "s"), "
            + "\(count - errors) warning\(count - errors == 1 ? "" : "s")"
        return (map { $0.rendered(directory: directory) } + [summary]).joined(separator: "\n")
    }
}
