import Foundation
import ProcessTestSupport
import Testing

/// A throwaway database on the test server (`COURSED_TEST_DATABASE_URL`), driven by `psql`.
struct TestDatabase: Sendable {
    let name: String
    /// The server URL with this database's name.
    let url: String

    static var psqlPath: String { (TestEnvironment.postgresBin ?? "/usr/bin") + "/psql" }

    /// Creates an empty database with a fresh name.
    static func create(prefix: String = "coursed_bk") async throws -> TestDatabase {
        let server = try #require(TestEnvironment.databaseURL)
        let name = "\(prefix)_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))"
        _ = try await run(sql: "CREATE DATABASE \(name)", url: server)
        return TestDatabase(name: name, url: replacingDatabase(in: server, with: name))
    }

    /// Runs `sql` (psql, stop on the first error); returns the unaligned, tuples-only output.
    @discardableResult
    func psql(_ sql: String) async throws -> String { try await Self.run(sql: sql, url: url) }

    /// `count:md5` of a table's rows in id order.
    func checksum(_ table: String) async throws -> String {
        try await psql(
            "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY id)), '') FROM \(table) t"
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Relations in schema public.
    func relationCount() async throws -> Int {
        Int(
            try await psql(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
            ).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Drops the database (best effort).
    func drop() async {
        guard let server = TestEnvironment.databaseURL else { return }
        _ = try? await Self.run(sql: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)", url: server)
    }

    private static func run(sql: String, url: String) async throws -> String {
        let output = try await TestProcess.run(
            psqlPath,
            arguments: [
                "--no-psqlrc", "--quiet", "--tuples-only", "--no-align", "--set=ON_ERROR_STOP=1", "--dbname=\(url)",
                "--command=\(sql)",
            ])
        guard output.status == 0 else {
            throw TestFailure("psql failed (\(output.status)): \(output.stderr)")
        }
        return output.stdout
    }

    /// `postgres://u@h:p/old?x` -> `postgres://u@h:p/<name>?x`.
    static func replacingDatabase(in url: String, with name: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let pathStart = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let afterPath = rest[pathStart...].firstIndex(of: "?") ?? rest.endIndex
        return String(url[..<pathStart]) + "/" + name + String(rest[afterPath...])
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One seeded source database shared by the backup tests (backups only read it).
actor SeededDatabase {
    static let shared = SeededDatabase()
    private var task: Task<TestDatabase, any Error>?

    /// users and courses, large enough that the custom-format dump exceeds two 5 MiB parts.
    func database() async throws -> TestDatabase {
        if let task { return try await task.value }
        let task = Task {
            let database = try await TestDatabase.create(prefix: "coursed_src")
            try await database.psql(Self.seedSQL(users: 60_000, courses: 60_000))
            return database
        }
        self.task = task
        return try await task.value
    }

    static func seedSQL(users: Int, courses: Int) -> String {
        """
        CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, name text, bio text,
            created_at timestamptz NOT NULL);
        INSERT INTO users SELECT g, 'user' || g || '@example.com', md5(random()::text),
            md5(random()::text) || md5(random()::text) || md5(random()::text),
            timestamptz '2025-01-01' - g * interval '1 second' FROM generate_series(1, \(users)) g;
        CREATE TABLE courses (id bigint PRIMARY KEY, owner_id bigint NOT NULL REFERENCES users(id), title text,
            body text, metadata jsonb);
        INSERT INTO courses SELECT g, 1 + (g % \(users)), 'Course ' || g || ' <é&''"',
            md5(random()::text) || md5(random()::text) || md5(random()::text) || md5(random()::text),
            jsonb_build_object('n', g, 'tag', md5(g::text)) FROM generate_series(1, \(courses)) g;
        CREATE INDEX courses_owner ON courses (owner_id);
        """
    }
}
