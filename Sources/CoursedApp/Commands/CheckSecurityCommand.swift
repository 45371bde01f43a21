import ArgumentParser
import Foundation

/// `coursed check-security`: lists every weak production setting and exits 1, or says all is well.
struct CheckSecurityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-security", abstract: "Refuse weak production settings, listing every problem.")

    func run() async throws {
        let problems = try Self.problems(environment: ProcessInfo.processInfo.environment)
        guard problems.isEmpty else {
            for problem in problems { CoursedMain.printError("security: \(problem)") }
            throw CommandFailure(code: 1, message: "security check failed: \(problems.count) problem(s)")
        }
        print("security check passed")
    }

    /// The problems of the configuration `environment` selects; a configuration that cannot be read is one of them.
    /// An unknown `APP_ENV` is thrown instead (exit 2), as by every command.
    static func problems(environment: [String: String]) throws -> [String] {
        _ = try ConfigurationLoader.environmentName(environment)  // an unknown APP_ENV is bad usage, not a finding
        do {
            return SecurityCheck().problems(.init(try ConfigurationLoader(environment: environment).load()))
        } catch let error as ConfigurationError {
            let inputs = SecurityCheck.Inputs(
                jwtSecret: environment["JWT_SECRET"], encryptionKey: environment["ENCRYPTION_KEY"],
                databaseURL: environment["DATABASE_URL"], databaseReadURL: environment["DATABASE_READ_URL"],
                redisURL: environment["REDIS_URL"],
                allowedOrigins: environment["ALLOWED_ORIGINS"].map {
                    $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                }, logLevel: environment["LOG_LEVEL"])
            return [error.description] + SecurityCheck().problems(inputs)
        }
    }
}
