/// What `serve` refuses before it starts (missing required values, weak production settings, an invalid
/// `ADMIN_EMAIL` / `ADMIN_PASSWORD`) and what it starts with but warns about.
enum StartupChecks {
    static func verify(_ configuration: AppConfiguration) throws {
        if configuration.environment == "production" {
            let problems = SecurityCheck().problems(.init(configuration))
            if !problems.isEmpty {
                for problem in problems { CoursedMain.printError("security: \(problem)") }
                throw CommandFailure(
                    code: 1, message: "refusing to start in production: \(problems.count) security problem(s)")
            }
        }
        if let first = configuration.missingRequired.first { throw first }
        if let admin = configuration.admin {
            try AdminAccount.validate(email: admin.email, password: admin.password.value)
        }
    }

    /// Settings that start but are only partly honoured: `serve` logs each as one warning line.
    static func warnings(_ configuration: AppConfiguration) -> [String] {
        var warnings: [String] = []
        if !configuration.unknownKeys.isEmpty {
            warnings.append(
                "unknown configuration keys, ignored: \(configuration.unknownKeys.joined(separator: ", "))")
        }
        return warnings
    }
}
