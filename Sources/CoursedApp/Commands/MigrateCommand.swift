import ArgumentParser
import Foundation
import Logging
import Persistence
import PostgresAdapter

/// `coursed migrate [--plan] [--lint] [--dir migrations]`: applies pending migrations under an advisory lock,
/// prints what would run, or lints the files for statements that lock busy tables.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply database migrations (SPEC §6).")

    @Flag(help: "Print what would run, change nothing.") var plan = false
    @Flag(help: "Flag statements that lock busy tables; exit 1 when one is an error.") var lint = false
    @Option(
        help: """
            Directory of NNN_name.sql files (default: COURSED_MIGRATIONS_DIR, else ./migrations, else the \
            checkout or image coursed came from, else the migrations built into coursed).
            """)
    var dir: String?
    @Option(
        name: .customLong("skip-unfinished"),
        help: """
            Record this migration as finished although a statement after its transaction failed (put the \
            corrected statement in a new migration). Repeatable.
            """)
    var skipUnfinished: [String] = []

    func run() async throws {
        if !skipUnfinished.isEmpty && (plan || lint) {
            throw CommandFailure(
                code: 2, message: "migrate: --skip-unfinished changes the history; it cannot go with --plan or --lint")
        }
        let source = MigrationSource.resolve(explicit: dir)
        if let missing = source.missingDirectory {
            let setting = dir != nil ? "--dir" : "COURSED_MIGRATIONS_DIR"
            throw CommandFailure(code: 2, message: "migrate: \(setting) \(missing) is not a directory")
        }
        let files: [MigrationFile]
        do {
            files = try source.load()
        } catch {
            throw CommandFailure(code: 1, message: "migrate: \(error)")
        }
        if lint {
            let findings = MigrationLinter.lint(files)
            print(findings.rendered(directory: source.description, fileCount: files.count))
            if findings.contains(where: { $0.severity == .error }) {
                throw CommandFailure(code: 1, message: "migrate --lint: blocking findings")
            }
            if !plan { return }
        }
        let configuration = try ConfigurationLoader().load()
        guard let url = configuration.database.url?.value else {
            throw CommandFailure(
                code: 2, message: "migrate: set DATABASE_URL (or database.url) to the database to migrate")
        }
        var logger = Logger(label: "coursed.migrate")
        logger.logLevel = .warning
        let pool = PostgresConnectionPool(
            configuration: PostgresPoolConfiguration(
                url: DatabaseURL.enforcingSSL(url, when: configuration.database.ssl), poolSize: 1,
                timeoutMilliseconds: configuration.database.timeoutMilliseconds),
            logger: logger)
        let runner = PostgresMigrationRunner(pool: pool)
        do {
            if plan {
                print(try await runner.plan(files: files).rendered())
            } else {
                print("migrating \(files.count) file(s) from \(source.description)")
                let applied = try await runner.migrate(
                    files: files, progress: { step in print(step.description) },
                    waiting: { print("waiting for another coursed migrate to finish (it holds the migration lock)") },
                    skippingUnfinished: Set(skipUnfinished))
                print(applied.isEmpty ? "nothing to migrate: the database is up to date" : "applied \(applied.count)")
            }
        } catch {
            await pool.close()
            throw CommandFailure(code: 1, message: "migrate failed: \(error)")
        }
        await pool.close()
    }
}
