import CourseDomain
import Foundation
import Persistence
import PostgresAdapter
import Testing

/// A fresh, uniquely named database on the test cluster, dropped afterwards.
enum TestDatabase {
    /// Runs `body` with the URL of a new empty database (migrated with `migrations/` when `migrated`), then drops it.
    static func withURL<T>(migrated: Bool = true, _ body: (String) async throws -> T) async throws -> T {
        let base = try #require(TestEnvironment.databaseURL)
        let name = "coursed_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = PostgresConnectionPool(configuration: PostgresPoolConfiguration(url: base, poolSize: 1))
        let url = TestEnvironment.url(base, database: name)
        let outcome: Result<T, any Error>
        do {
            try await admin.withConnection { try $0.execute("CREATE DATABASE \(name)") }
            if migrated {
                let pool = PostgresConnectionPool(configuration: PostgresPoolConfiguration(url: url, poolSize: 1))
                let result = await Result(awaiting: {
                    try await PostgresMigrationRunner(pool: pool).migrate(
                        directory: TestEnvironment.migrationsDirectory)
                })
                await pool.close()
                _ = try result.get()
            }
            outcome = .success(try await body(url))
        } catch {
            outcome = .failure(error)
        }
        _ = try? await admin.withConnection { try $0.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        await admin.close()
        return try outcome.get()
    }

    /// Runs `body` on the connection of a one-connection pool of `url`, then closes the pool, whether `body` threw
    /// or not.
    static func onConnection<T: Sendable>(
        _ url: String, _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let pool = PostgresConnectionPool(configuration: PostgresPoolConfiguration(url: url, poolSize: 1))
        let result = await Result(awaiting: { try await pool.withConnection(body) })
        await pool.close()
        return try result.get()
    }

    /// Runs `body` with a `PostgresDatabase` on a new migrated database, closes it and drops the database.
    static func with<T>(poolSize: Int = 10, _ body: (PostgresDatabase) async throws -> T) async throws -> T {
        try await withURL { url in
            let database = PostgresDatabase(configuration: PostgresPoolConfiguration(url: url, poolSize: poolSize))
            let result = await Result(awaiting: { try await body(database) })
            await database.close()
            return try result.get()
        }
    }
}

extension Result where Failure == any Error {
    /// Captures the outcome of an async throwing body.
    init(awaiting body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
