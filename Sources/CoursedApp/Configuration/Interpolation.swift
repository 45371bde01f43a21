import Foundation

/// Fills `${VAR}` and `${VAR:-default}` from the environment.
enum Interpolation {
    /// The outcome of filling a value.
    enum Outcome: Equatable {
        case value(String)
        /// A `${VAR}` without default whose variable is unset: the value is missing.
        case missing(variable: String)
    }

    static func fill(_ text: String, environment: [String: String]) throws -> Outcome {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                throw InterpolationError.unterminated
            }
            let expression = rest[start.upperBound..<end]
            let name: Substring
            var fallback: Substring?
            if let separator = expression.range(of: ":-") {
                name = expression[..<separator.lowerBound]
                fallback = expression[separator.upperBound...]
            } else {
                name = expression
            }
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw InterpolationError.badName(String(name))
            }
            if let value = environment[String(name)], !value.isEmpty {
                result += value
            } else if let fallback {
                result += fallback
            } else {
                return .missing(variable: String(name))
            }
            rest = rest[rest.index(after: end)...]
        }
        result += rest
        return .value(result)
    }

    enum InterpolationError: Error {
        case unterminated
        case badName(String)
    }
}
