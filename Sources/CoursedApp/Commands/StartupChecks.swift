/// What `serve` refuses before it starts: missing required values, unsupported modes, weak production settings,
/// an invalid `ADMIN_EMAIL` / `ADMIN_PASSWORD`.
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
        if configuration.cache.clusterMode {
            throw ConfigurationError(
                key: "cache.cluster_mode", reason: "Redis cluster mode is not supported yet; set it to false")
        }
    }
}
