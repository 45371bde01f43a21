import Foundation

/// The raw values of one configuration (file keys and environment variables) and their typed reading.
struct ConfigurationValues {
    let yaml: [String: Any]
    let environment: [String: String]
    let envName: String
    var missing: [ConfigurationError] = []
    /// Every key a setting asked for, whether or not the file has it: the file's other keys are unknown.
    var readKeys: Set<String> = []

    init(yaml: [String: Any], environment: [String: String], envName: String) throws {
        self.yaml = yaml
        self.environment = environment
        self.envName = envName
    }

    /// The text of `key`: the environment variable `variable` wins, then the file (interpolated), else nil.
    mutating func text(_ key: String, env variable: String? = nil) throws -> String? {
        readKeys.insert(key)
        if let variable, let value = environment[variable], !value.isEmpty { return value }
        guard let raw = yaml[key] else { return nil }
        let scalar: String
        switch raw {
        case let value as String: scalar = value
        case let value as Int: scalar = String(value)
        case let value as Double: scalar = String(value)
        case let value as Bool: scalar = String(value)
        case let list as [Any]: scalar = list.map { "\($0)" }.joined(separator: ",")
        case is NSNull: return nil
        default: throw ConfigurationError(key: key, reason: "has an unsupported value type")
        }
        do {
            switch try Interpolation.fill(scalar, environment: environment) {
            case .value(let value): return value.isEmpty ? nil : value
            case .missing(let variable):
                missing.append(
                    ConfigurationError(key: key, reason: "is required, but environment variable \(variable) is not set")
                )
                return nil
            }
        } catch {
            throw ConfigurationError(key: key, reason: "has a malformed ${...} reference")
        }
    }

    mutating func secret(_ key: String, env variable: String? = nil) throws -> Secret? {
        try text(key, env: variable).map(Secret.init)
    }

    mutating func integer(_ key: String, env variable: String? = nil, default value: Int, range: ClosedRange<Int>)
        throws -> Int
    {
        guard let raw = try text(key, env: variable) else { return value }
        guard let number = Int(raw.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            let name = variable.map { "\(key) (\($0))" } ?? key
            throw ConfigurationError(
                key: name, reason: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    mutating func double(_ key: String, default value: Double) throws -> Double {
        guard let raw = try text(key) else { return value }
        guard let number = Double(raw), number.isFinite, number >= 0 else {
            throw ConfigurationError(key: key, reason: "must be a non-negative number")
        }
        return number
    }

    mutating func bool(_ key: String, env variable: String? = nil, default value: Bool) throws -> Bool {
        guard let raw = try text(key, env: variable)?.lowercased() else { return value }
        switch raw {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw ConfigurationError(key: key, reason: "must be true or false")
        }
    }

    mutating func list(_ key: String, env variable: String? = nil) throws -> [String]? {
        try text(key, env: variable).map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    func url(_ value: String?, key: String, schemes: Set<String>) throws -> String? {
        guard let value else { return nil }
        guard let components = URLComponents(string: value), let scheme = components.scheme?.lowercased(),
            schemes.contains(scheme)
        else {
            let allowed = schemes.sorted().joined(separator: ", ")
            throw ConfigurationError(key: key, reason: "must be a URL with scheme \(allowed)")
        }
        return value
    }
}
