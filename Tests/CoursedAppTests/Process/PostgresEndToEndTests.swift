import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

/// The binary against a real PostgreSQL: concurrent migrations and durability across restarts.
@Suite(
    "coursed on PostgreSQL", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["COURSED_TEST_DATABASE_URL"] != nil))
struct PostgresEndToEndTests {
    /// A fresh database on the test server, as a URL.
    static func freshDatabase() async throws -> String {
        let admin = ProcessInfo.processInfo.environment["COURSED_TEST_DATABASE_URL"]!
        let bin = ProcessInfo.processInfo.environment["COURSED_TEST_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
        let name = "coursed_e2e_\(UUID().uuidString.prefix(8).lowercased())"
        let psql = try await TestProcess.run(
            "\(bin)/psql", arguments: ["--no-psqlrc", "-q", "-d", admin, "-c", "CREATE DATABASE \(name)"])
        #expect(psql.status == 0, "\(psql.stderr)")
        return admin.replacingOccurrences(of: "/postgres?", with: "/\(name)?")
    }

    static var migrationsDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("migrations").path
    }

    @Test func fourConcurrentMigrateProcessesApplyEachVersionOnce() async throws {
        let url = try await Self.freshDatabase()
        let runs = try (0..<4).map { _ in
            try CoursedProcess.start(
                ["migrate", "--dir", Self.migrationsDirectory], environment: ["DATABASE_URL": url])
        }
        var applied = 0
        for run in runs {
            let finished = await run.finish()
            let output = finished.stdout
            #expect(finished.status == 0, "\(output) \(finished.stderr)")
            applied += output.components(separatedBy: "\n").filter { $0.contains(" applied in ") }.count
        }
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Self.migrationsDirectory)
            .filter { $0.hasSuffix(".sql") }
        #expect(applied == shipped.count)
        let again = try await CoursedProcess.run(
            ["migrate", "--dir", Self.migrationsDirectory], environment: ["DATABASE_URL": url])
        #expect(again.status == 0)
        #expect(again.stdout.contains("nothing to migrate"))
        let plan = try await CoursedProcess.run(
            ["migrate", "--plan", "--dir", Self.migrationsDirectory], environment: ["DATABASE_URL": url])
        #expect(plan.status == 0)
    }

    @Test func everyAcknowledgedWriteSurvivesARestart() async throws {
        let url = try await Self.freshDatabase()
        let migrated = try await CoursedProcess.run(
            ["migrate", "--dir", Self.migrationsDirectory], environment: ["DATABASE_URL": url])
        #expect(migrated.status == 0)
        let environment = [
            "DATABASE_URL": url, "JWT_SECRET": "e2e-secret-e2e-secret-e2e-secret-e2e",
            "ADMIN_EMAIL": "root@example.com",
            "ADMIN_PASSWORD": "root-password", "COURSED_MIGRATIONS_DIR": Self.migrationsDirectory,
        ]
        let client = HTTPCurlClient(configuration: .init(threadCount: 8))
        let port = CoursedProcess.freePort()
        let base = "http://127.0.0.1:\(port)"
        var server = try CoursedProcess.start(["serve", "--port", String(port)], environment: environment)
        try await Self.waitUntilReady(base, client: client)
        let login = try await client.execute(
            HTTPClientRequest(
                method: .post, url: base + "/api/auth/login", headers: ["content-type": "application/json"],
                body: .bytes(Array(#"{"email":"root@example.com","password":"root-password"}"#.utf8))))
        #expect(login.status == 200)
        let token = try #require(
            (try JSONSerialization.jsonObject(with: Data(login.body)) as? [String: Any])?["token"] as? String)
        var created: [String] = []
        for index in 0..<25 {
            let response = try await client.execute(
                HTTPClientRequest(
                    method: .post, url: base + "/api/courses",
                    headers: ["content-type": "application/json", "authorization": "Bearer \(token)"],
                    body: .bytes(Array(#"{"title":"durable \#(index)"}"#.utf8))))
            #expect(response.status == 201)
            let id = (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["id"] as? String
            if response.status == 201, let id { created.append(id) }
        }
        kill(server.process.processIdentifier, SIGKILL)
        _ = await server.waitForExit()

        server = try CoursedProcess.start(["serve", "--port", String(port)], environment: environment)
        defer { kill(server.process.processIdentifier, SIGTERM) }
        try await Self.waitUntilReady(base, client: client)
        for id in created {
            let response = try await client.execute(
                HTTPClientRequest(
                    url: base + "/api/courses/\(id)", headers: ["authorization": "Bearer \(token)"]))
            #expect(response.status == 200, "course \(id) lost after restart")
        }
        #expect(created.count == 25)
        try? await client.shutdown()
    }

    @Test func userAddCreatesTheUserInTheConfiguredDatabase() async throws {
        let url = try await Self.freshDatabase()
        let environment = ["DATABASE_URL": url]
        _ = try await CoursedProcess.run(["migrate", "--dir", Self.migrationsDirectory], environment: environment)
        let created = try await CoursedProcess.run(
            ["user", "add", "--email", "Root@Example.com", "--role", "admin"], environment: environment,
            input: "a-long-password\n")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("created admin root@example.com"))
        #expect(!created.stdout.contains("a-long-password") && !created.stderr.contains("a-long-password"))
        let again = try await CoursedProcess.run(
            ["user", "add", "--email", "root@example.com"], environment: environment, input: "a-long-password\n")
        #expect(again.status == 1, "the email is taken, whatever its case")
        let bin = ProcessInfo.processInfo.environment["COURSED_TEST_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
        let row = try await TestProcess.run(
            "\(bin)/psql", arguments: ["--no-psqlrc", "-At", "-d", url, "-c", "SELECT email, role FROM users"])
        #expect(row.stdout == "root@example.com|admin\n")
    }

    @Test func theStartUpAdminAppearsOnceTheDatabaseIsMigratedAfterTheServerStarted() async throws {
        let url = try await Self.freshDatabase()
        let environment = [
            "DATABASE_URL": url, "ADMIN_EMAIL": "root@example.com", "ADMIN_PASSWORD": "root-password",
            "JWT_SECRET": "e2e-secret-e2e-secret-e2e-secret-e2e", "COURSED_MIGRATIONS_DIR": Self.migrationsDirectory,
        ]
        let client = HTTPCurlClient()
        let port = CoursedProcess.freePort()
        let base = "http://127.0.0.1:\(port)"
        let server = try CoursedProcess.start(["serve", "--port", String(port)], environment: environment)
        defer { kill(server.process.processIdentifier, SIGTERM) }
        try await CoursedProcess.waitUntilAnswering(base, client: client)
        #expect(try await client.execute(HTTPClientRequest(url: base + "/api/health/ready")).status == 503)
        let migrated = try await CoursedProcess.run(["migrate"], environment: environment)
        #expect(migrated.status == 0, "\(migrated.stderr)")
        try await Self.waitUntilReady(base, client: client)
        // Waits in the database, not by logging in: failed logins are throttled (SPEC §4) after 5.
        let bin = ProcessInfo.processInfo.environment["COURSED_TEST_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
        var created = false
        for _ in 0..<300 {
            let row = try await TestProcess.run(
                "\(bin)/psql",
                arguments: [
                    "--no-psqlrc", "-At", "-d", url, "-c", "SELECT role FROM users WHERE email = 'root@example.com'",
                ])
            created = row.stdout == "admin\n"
            if created { break }
            try await Task.sleep(for: .milliseconds(100))  // another process creates it: no clock to inject
        }
        #expect(created, "the admin was never created after the database was migrated")
        let login = try await client.execute(
            HTTPClientRequest(
                method: .post, url: base + "/api/auth/login", headers: ["content-type": "application/json"],
                body: .bytes(Array(#"{"email":"root@example.com","password":"root-password"}"#.utf8))))
        #expect(login.status == 200)
        try? await client.shutdown()
    }

    /// A copy of the binary far from any `migrations/` directory: what an operator gets from an image or a scp.
    @Test func aLoneBinaryIsNotReadyOnAnUnmigratedDatabaseAndMigratesItFromItsOwnCopy() async throws {
        let url = try await Self.freshDatabase()
        let lonely = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-lone-\(UUID())")
        try FileManager.default.createDirectory(at: lonely, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: lonely) }
        let binary = lonely.appendingPathComponent("coursed")
        try FileManager.default.copyItem(at: CoursedProcess.binary, to: binary)
        let environment = ["DATABASE_URL": url]

        let client = HTTPCurlClient()
        let port = CoursedProcess.freePort()
        let base = "http://127.0.0.1:\(port)"
        let server = try CoursedProcess.start(
            ["serve", "--port", String(port)], environment: environment, executable: binary, directory: lonely)
        defer { kill(server.process.processIdentifier, SIGTERM) }
        try await CoursedProcess.waitUntilAnswering(base, client: client)
        let unready = try await client.execute(HTTPClientRequest(url: base + "/api/health/ready"))
        #expect(unready.status == 503, "\(unready.bodyText)")
        let listing = try await client.execute(HTTPClientRequest(url: base + "/api/courses"))
        #expect(listing.status == 503, "missing tables are the server's state, not a 500: \(listing.bodyText)")

        let migrated = try await TestProcess.run(
            binary.path, arguments: ["migrate"], environment: ["DATABASE_URL": url, "PATH": "/usr/bin:/bin"],
            directory: lonely)
        #expect(migrated.status == 0, "\(migrated.stdout) \(migrated.stderr)")
        #expect(migrated.stdout.contains("the migrations built into coursed"), "\(migrated.stdout)")
        #expect(migrated.stdout.contains("001_initial_schema"), "\(migrated.stdout)")
        try await Self.waitUntilReady(base, client: client)
        #expect(try await client.execute(HTTPClientRequest(url: base + "/api/courses")).status == 200)
        try? await client.shutdown()
    }

    static func waitUntilReady(_ base: String, client: HTTPCurlClient) async throws {
        try await CoursedProcess.waitUntilAnswering(base, path: "/api/health/ready", client: client)
    }
}
