/// SQL text that cannot be split into statements: something opened and never closed.
public struct SQLSplitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based line where the unterminated construct starts.
    public let line: Int
    /// What is unterminated, e.g. `"quoted string"` or `"dollar-quoted string $body$"`.
    public let construct: String

    /// An unterminated `construct` starting at `line`.
    public init(line: Int, construct: String) {
        self.line = line
        self.construct = construct
    }

    /// `unterminated <construct> starting at line <n>`.
    public var description: String { "unterminated \(construct) starting at line \(line)" }
}
