import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

@Suite("coursed refuses to start on bad settings", .serialized)
struct StartupRefusalTests {
    @Test func serveRefusesWeakProductionSettingsListingEveryProblem() async throws {
        let outcome = try await CoursedProcess.run(
            ["serve", "--port", "0"],
            environment: [
                "APP_ENV": "production", "JWT_SECRET": "tiny-secret-value", "DATABASE_URL": "postgres://u:hunter2@db/x",
                "REDIS_URL": "redis://:redispass@cache:6379", "ALLOWED_ORIGINS": "*",
                "DATABASE_READ_URL": "postgres://u:hunter2@replica/x",
            ])
        #expect(outcome.status == 1)
        for expected in [
            "at least 32", "ENCRYPTION_KEY", "sslmode=require", "DATABASE_READ_URL", "rediss://", "ALLOWED_ORIGINS",
        ] {
            #expect(outcome.stderr.contains(expected), "missing \(expected) in \(outcome.stderr)")
        }
        for secret in ["tiny-secret-value", "hunter2", "redispass"] { #expect(!outcome.stderr.contains(secret)) }
        #expect(!outcome.stdout.contains("listening"))
    }

    @Test func checkSecurityPassesGoodSettingsAndFailsBadOnes() async throws {
        let good = [
            "APP_ENV": "production", "JWT_SECRET": "k3J9s8Dq1LmZx7Vb2Nc5Hg4Tf6Rw0YpaQ",
            "ENCRYPTION_KEY": "0123456789abcdef0123456789abcdef",
            "DATABASE_URL": "postgres://u:pw@db/x?sslmode=require", "REDIS_URL": "rediss://cache:6380",
            "ALLOWED_ORIGINS": "https://app.example", "PUSHER_SECRET": "pV4x9Lq2Zr7Tn5Wk8Hs3Jd6Fb1Mc0Ya2",
            "STORAGE_BUCKET": "coursed-assets",
        ]
        let passed = try await CoursedProcess.run(["check-security"], environment: good)
        #expect(passed.status == 0, "\(passed.stderr)")
        var bad = good
        bad["LOG_LEVEL"] = "debug"
        bad["REDIS_URL"] = "redis://cache:6379"
        let failed = try await CoursedProcess.run(["check-security"], environment: bad)
        #expect(failed.status == 1)
        #expect(failed.stderr.components(separatedBy: "\n").filter { $0.hasPrefix("security: ") }.count == 2)
    }

    @Test func aMalformedValueStopsStartUpWithOneLineNamingTheKey() async throws {
        let outcome = try await CoursedProcess.run(["serve"], environment: ["AI_TOKENS_PER_MINUTE": "lots"])
        #expect(outcome.status == 2)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("ai.rate_limits.tokens_per_minute") == true)
    }

    @Test(arguments: [
        ["serve", "--port", "0"], ["check-security"], ["alerts", "export"], ["cache", "warm"],
        ["user", "add", "--email", "x@example.com"],
    ])
    func anUnknownAppEnvStopsEveryCommandWithOneLine(arguments: [String]) async throws {
        let outcome = try await CoursedProcess.runExpectingExit(arguments, environment: ["APP_ENV": "prodution"])
        #expect(outcome.status == 2, "\(arguments): \(outcome.stderr)")
        #expect(
            outcome.stderr.split(separator: "\n")
                == ["configuration error: APP_ENV: must be one of development, test, production"])
    }

    @Test(arguments: [
        ("root@example.com", "pw-tiny", "ADMIN_PASSWORD: must be at least 8 characters"),
        ("root-at-example", "long-enough-password", "ADMIN_EMAIL: is not a valid email address"),
    ])
    func anInvalidAdminStopsServeWithOneLineNamingTheVariable(email: String, password: String, expected: String)
        async throws
    {
        let outcome = try await CoursedProcess.runExpectingExit(
            ["serve", "--port", "0"], environment: ["ADMIN_EMAIL": email, "ADMIN_PASSWORD": password])
        #expect(outcome.status == 2, "\(outcome.stderr)")
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.stderr)")
        #expect(lines.first?.hasSuffix(expected) == true, "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("Error("))
        #expect(!(outcome.stdout + outcome.stderr).contains(password))
    }

    @Test func anUnreachableDatabaseWhileCreatingTheAdminStartsUnreadyAndKeepsTrying() async throws {
        let port = CoursedProcess.freePort()
        let base = "http://127.0.0.1:\(port)"
        let server = try CoursedProcess.start(
            ["serve", "--port", String(port)],
            environment: [
                "DATABASE_URL": "postgres://app:hunter2@127.0.0.1:\(CoursedProcess.freePort())/app",
                "ADMIN_EMAIL": "root@example.com", "ADMIN_PASSWORD": "admin-password-1",
            ])
        let client = HTTPCurlClient()
        try await CoursedProcess.waitUntilAnswering(base, client: client)
        #expect(try await client.execute(HTTPClientRequest(url: base + "/api/health/ready")).status == 503)
        kill(server.process.processIdentifier, SIGTERM)
        let outcome = await server.finish()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let output = outcome.stdout + outcome.stderr
        #expect(output.contains("retrying in the background"), "\(output)")
        for secret in ["hunter2", "admin-password-1"] { #expect(!output.contains(secret)) }
        try? await client.shutdown()
    }

    @Test func helpListsEveryCommand() async throws {
        let help = try await CoursedProcess.run(["--help"])
        #expect(help.status == 0)
        for command in ["serve", "migrate", "check-security", "cache", "alerts", "backup", "user", "verify"] {
            #expect(help.stdout.contains(command), "\(command) missing from --help")
        }
    }

    @Test func userAddRefusesBadInputAndAMissingDatabase() async throws {
        // Created in PostgresEndToEndTests; without DATABASE_URL the user would vanish with the process.
        let noDatabase = try await CoursedProcess.run(
            ["user", "add", "--email", "Root@Example.com", "--role", "admin"], input: "a-long-password\n")
        #expect(noDatabase.status == 2, "\(noDatabase.stdout)")
        #expect(noDatabase.stderr == "user add: set DATABASE_URL to the database to add the user to\n")
        #expect(!noDatabase.stdout.contains("created"))
        let noPassword = try await CoursedProcess.run(["user", "add", "--email", "x@example.com"], input: "")
        #expect(noPassword.status == 2)
        for (email, password, line) in [
            ("x@example.com", "pw-tiny", "user add: password must be at least 8 characters"),
            ("x-at-example", "a-long-password", "user add: email is not a valid email address"),
        ] {
            let refused = try await CoursedProcess.run(["user", "add", "--email", email], input: password + "\n")
            #expect(refused.status == 1)
            #expect(refused.stderr == line + "\n")
        }
        let badRole = try await CoursedProcess.run(
            ["user", "add", "--email", "x@example.com", "--role", "god"], input: "pw")
        #expect(badRole.status == 2)
    }

    @Test func cacheWarmWithoutADatabaseIsRefusedBeforeTouchingRedis() async throws {
        // Nothing listens on port 1: a refusal that tried Redis first would fail differently.
        let outcome = try await CoursedProcess.run(
            ["cache", "warm"], environment: ["REDIS_URL": "redis://127.0.0.1:1"])
        #expect(outcome.status == 2, "\(outcome.stdout) \(outcome.stderr)")
        #expect(outcome.stderr.contains("DATABASE_URL"))
        #expect(!outcome.stdout.contains("warmed"))
    }

    @Test func migrateWithAMistypedCoursedMigrationsDirIsBadUsage() async throws {
        let outcome = try await CoursedProcess.run(
            ["migrate"], environment: ["COURSED_MIGRATIONS_DIR": "/nonexistent-migrations"])
        #expect(outcome.status == 2, "\(outcome.stdout) \(outcome.stderr)")
        #expect(outcome.stderr == "migrate: COURSED_MIGRATIONS_DIR /nonexistent-migrations is not a directory\n")
    }
}
