import ArgumentParser
import CoreSupport
import CourseDomain
import Foundation
import HTTPAPI
import Logging

/// `coursed user ...`: account administration.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage user accounts.", subcommands: [UserAddCommand.self])
}

/// `coursed user add --email E --role R`, password on stdin: creates a user in the configured database.
struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Create a user; the password is read from standard input.")

    @Option(help: "Email address of the new user.") var email: String
    @Option(help: "Role: student, instructor or admin.") var role: String = "student"

    func run() async throws {
        guard let role = Role(rawValue: role) else {
            throw ValidationError("--role must be one of student, instructor, admin")
        }
        let configuration = try ConfigurationLoader().load()
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CommandFailure(code: 2, message: "user add: write the password on standard input")
        }
        do {
            _ = try Validate.email(email)
            try Validate.password(line)
        } catch let error as CourseDomain.ValidationError {
            throw CommandFailure(code: 1, message: "user add: \(error.field) \(error.reason)")
        }
        guard configuration.database.url != nil else {
            // Without it the user would land in a store of this process, gone when it exits.
            throw CommandFailure(code: 2, message: "user add: set DATABASE_URL to the database to add the user to")
        }
        var logger = Logger(label: "coursed.user")
        logger.logLevel = .warning
        let stores = try await makeStores(configuration, logger: logger)
        let accounts = AccountService(
            users: stores.users, hasher: BcryptPasswordHasher(cost: UInt8(configuration.security.bcryptCost)),
            tokens: NoTokens(), clock: SystemWallClock())
        do {
            let user = try await accounts.createUser(email: email, password: line, role: role)
            print("created \(user.role.rawValue) \(user.email) (\(user.id.uuidString.lowercased()))")
        } catch let error as CourseDomain.ValidationError {
            throw CommandFailure(code: 1, message: "user add: \(error.field) \(error.reason)")
        } catch let error as DomainError {
            throw CommandFailure(code: 1, message: "user add: \(error.message)")
        }
        for close in stores.shutdown { await close() }
    }
}

/// A token service for commands that never issue tokens.
private struct NoTokens: TokenService {
    func issue(for user: User) async throws -> String { throw DomainError.unavailable("no tokens here") }
    func verify(_ token: String) async throws -> Principal { throw DomainError.unauthorized() }
}
