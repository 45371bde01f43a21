import Foundation

/// Where the test services are: the env vars `scripts/test-services.sh` writes (see postgres.sh).
enum TestEnvironment {
    static let variables = ProcessInfo.processInfo.environment

    /// A superuser URL of the plain cluster (`postgres://postgres@127.0.0.1:P/postgres?sslmode=disable`).
    static var databaseURL: String? { variables["COURSED_TEST_DATABASE_URL"] }
    /// The TLS cluster (`postgres://postgres@localhost:P/postgres`).
    static var tlsURL: String? { variables["COURSED_TEST_DATABASE_TLS_URL"] }
    /// The CA that signed the TLS cluster's certificate.
    static var tlsCAFile: String? { variables["COURSED_TEST_DATABASE_TLS_CA_FILE"] }
    /// Debian's server binaries (`/usr/lib/postgresql/15/bin`), for throwaway clusters.
    static var pgBin: String? { variables["COURSED_TEST_PG_BIN"] }

    static var hasDatabase: Bool { databaseURL != nil }
    static var hasTLS: Bool { tlsURL != nil && tlsCAFile != nil }
    static var hasServerBinaries: Bool { pgBin != nil && databaseURL != nil }

    /// The repository root, from this file's path (Tests/PostgresAdapterTests/...).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    /// The shipped `migrations/`.
    static let migrationsDirectory = repositoryRoot.appendingPathComponent("migrations")
    /// The platform's original 001 (with BEGIN/COMMIT around CREATE INDEX CONCURRENTLY), kept by PersistenceTests.
    static let originalMigrationsDirectory = repositoryRoot.appendingPathComponent(
        "Tests/PersistenceTests/Migrations/Fixtures/original")

    /// `url` with its database name replaced by `database` (query and credentials kept).
    static func url(_ url: String, database: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/" + database
        return components.string!
    }
}
