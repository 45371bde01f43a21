import Persistence
import Testing

@Suite("Plan and lint text for the CLI")
struct MigrationRenderingTests {
    typealias F = MigrationFixtures

    @Test("--plan: one line per migration, then its post-transaction statements")
    func planText() throws {
        let one = try F.file("001_a.sql", "CREATE TABLE a (id int);")
        let two = try F.file(
            "002_b.sql",
            "BEGIN;\nCREATE TABLE b (id int);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS ib ON b (id);\nCOMMIT;")
        let three = try F.file("003_c.sql", "SELECT 1")
        let plan = try MigrationPlanner.plan(files: [one, two, three], applied: [F.applied(one)])
        #expect(
            plan.rendered() == """
                2 migrations to run (1 applied):
                002_b: 1 statement in one transaction, then 1 outside it (its own BEGIN/COMMIT removed)
                    after commit, line 3: CREATE INDEX CONCURRENTLY IF NOT EXISTS ib ON b (id)
                003_c: 1 statement in one transaction
                """)
    }

    @Test("--plan when nothing is pending, and when finishing a migration")
    func planTextEdgeCases() throws {
        let one = try F.file("001_a.sql", "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)")
        #expect(
            try MigrationPlanner.plan(files: [one], applied: [F.applied(one)]).rendered()
                == "Nothing to migrate: 1 migration applied, the schema is current.")
        let finishing = try MigrationPlanner.plan(files: [one], applied: [F.applied(one, durationMs: nil)])
        #expect(finishing.rendered().contains("001_a: finish: re-run 1 statement outside a transaction"))
    }

    @Test("--lint: file:line rule: message, then a count")
    func lintText() throws {
        let file = try F.file("002_idx.sql", "SET LOCAL lock_timeout = '5s';\nCREATE INDEX i ON courses (a);")
        let findings = MigrationLinter.lint(file)
        let text = findings.rendered(directory: "migrations", fileCount: 2)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines[0].hasPrefix(
                "migrations/002_idx.sql:2 index-without-concurrently: CREATE INDEX on existing table courses"))
        #expect(lines[0].hasSuffix("[error]"))
        #expect(lines[1] == "1 finding in 2 migration files: 1 error, 0 warnings")
        #expect([LintFinding]().rendered(fileCount: 1) == "No findings in 1 migration file.")
        #expect(findings[0].rendered().hasPrefix("002_idx.sql:2 "))
    }
}
