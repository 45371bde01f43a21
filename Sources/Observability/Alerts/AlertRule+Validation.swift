/// Why a configured alert rule was refused; `description` names the rule and the field.
public struct AlertRuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule's name as configured.
    public let rule: String
    /// What is wrong.
    public let reason: String

    /// `monitoring.alerts.<rule>: <reason>`.
    public var description: String { "monitoring.alerts.\(rule): \(reason)" }
}

extension AlertRule {
    /// Checks the rule can be evaluated and exported: a valid name, a positive finite threshold (at most 100
    /// for percentages), a non-negative `for`, and a window of whole seconds of at least 1 s.
    public func validate() throws(AlertRuleError) {
        guard Self.isValidName(name) else {
            throw AlertRuleError(rule: name, reason: "name must match [a-zA-Z_][a-zA-Z0-9_]*")
        }
        guard threshold.isFinite, threshold > 0 else {
            throw AlertRuleError(rule: name, reason: "threshold must be a positive number")
        }
        if kind != .latencyP95, threshold > 100 {
            throw AlertRuleError(rule: name, reason: "threshold is a percentage and must be at most 100")
        }
        guard forDuration >= .zero else {
            throw AlertRuleError(rule: name, reason: "duration must not be negative")
        }
        guard window >= .seconds(1), window.components.attoseconds == 0 else {
            throw AlertRuleError(rule: name, reason: "window must be a whole number of seconds, at least 1")
        }
    }

    /// Validates every rule and that no two share a name.
    public static func validate(_ rules: [AlertRule]) throws(AlertRuleError) {
        var seen: Set<String> = []
        for rule in rules {
            try rule.validate()
            guard seen.insert(rule.name).inserted else {
                throw AlertRuleError(rule: rule.name, reason: "defined twice")
            }
        }
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }
}
