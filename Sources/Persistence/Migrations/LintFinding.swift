/// How bad a lint finding is.
public enum LintSeverity: String, Sendable, Hashable, Comparable {
    /// Breaks instances of the previous release still running, or risks a lock queue: review it.
    case warning
    /// Blocks a busy table (or fails) in production: rewrite it.
    case error

    /// Warnings sort before errors.
    public static func < (lhs: LintSeverity, rhs: LintSeverity) -> Bool {
        lhs == .warning && rhs == .error
    }
}

/// One thing the linter found in a migration file.
public struct LintFinding: Sendable, Hashable {
    /// The migration's file name.
    public let file: String
    /// 1-based line of the statement.
    public let line: Int
    /// The rule's id, e.g. `index-without-concurrently`.
    public let ruleID: String
    /// How bad it is.
    public let severity: LintSeverity
    /// What is wrong, naming the table (and column).
    public let message: String
    /// How to do it without locking the table.
    public let fixHint: String

    /// A finding.
    public init(file: String, line: Int, ruleID: String, severity: LintSeverity, message: String, fixHint: String) {
        self.file = file
        self.line = line
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.fixHint = fixHint
    }
}
