import Persistence
import Testing

@Suite("Linting migrations for statements that lock busy tables")
struct MigrationLinterTests {
    /// Lints `sql` after `SET LOCAL lock_timeout`, so only the statement rules speak.
    private func ruleIDs(_ sql: String) throws -> [String] {
        let file = try MigrationFile(filename: "002_change.sql", sql: "SET LOCAL lock_timeout = '5s';\n" + sql)
        return MigrationLinter.lint(file).map(\.ruleID)
    }

    @Test(
        "each rule flags its statement on an existing table",
        arguments: [
            ("CREATE INDEX idx ON courses (title)", "index-without-concurrently"),
            ("CREATE UNIQUE INDEX IF NOT EXISTS idx ON ONLY public.courses (title)", "index-without-concurrently"),
            ("ALTER TABLE courses ADD COLUMN rating int NOT NULL", "add-column-not-null-without-default"),
            ("ALTER TABLE courses ADD rating int PRIMARY KEY", "add-column-not-null-without-default"),
            (
                "ALTER TABLE courses ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', title)) STORED",
                "add-stored-generated-column"
            ),
            (
                "ALTER TABLE courses ADD COLUMN IF NOT EXISTS n int GENERATED ALWAYS AS (1) STORED",
                "add-stored-generated-column"
            ),
            ("ALTER TABLE courses ALTER COLUMN title TYPE text", "alter-column-type"),
            ("ALTER TABLE courses ALTER title SET DATA TYPE text", "alter-column-type"),
            (
                "ALTER TABLE courses ADD CONSTRAINT fk FOREIGN KEY (owner) REFERENCES users (id)",
                "foreign-key-without-not-valid"
            ),
            ("ALTER TABLE courses ADD CHECK (char_length(title) > 0)", "check-without-not-valid"),
            ("ALTER TABLE courses ADD CONSTRAINT u UNIQUE (title)", "constraint-builds-index"),
            ("ALTER TABLE courses ADD PRIMARY KEY (id) USING INDEX TABLESPACE fast", "constraint-builds-index"),
            ("ALTER TABLE courses ALTER COLUMN category SET NOT NULL", "set-not-null"),
            ("ALTER TABLE courses RENAME TO classes", "rename-table"),
            ("ALTER TABLE courses RENAME COLUMN title TO name", "rename-column"),
            ("ALTER TABLE courses RENAME title TO name", "rename-column"),
            ("DROP TABLE IF EXISTS courses", "drop-table"),
            ("ALTER TABLE courses DROP COLUMN category", "drop-column"),
            ("ALTER TABLE IF EXISTS ONLY courses DROP IF EXISTS category CASCADE", "drop-column"),
        ])
    func positive(sql: String, rule: String) throws {
        #expect(try ruleIDs(sql) == [rule])
    }

    @Test(
        "the safe forms pass",
        arguments: [
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx ON courses (title)",
            "ALTER TABLE courses ADD COLUMN rating int",
            "ALTER TABLE courses ADD COLUMN rating int NOT NULL DEFAULT 0",
            "ALTER TABLE courses ADD COLUMN n bigint NOT NULL GENERATED ALWAYS AS IDENTITY",
            "ALTER TABLE courses ADD COLUMN rating int CHECK (rating IS NOT NULL)",
            "ALTER TABLE courses ALTER COLUMN title SET DEFAULT 'x'",
            "ALTER TABLE courses ALTER COLUMN category DROP NOT NULL",
            "ALTER TABLE courses ADD CONSTRAINT fk FOREIGN KEY (owner) REFERENCES users (id) NOT VALID",
            "ALTER TABLE courses VALIDATE CONSTRAINT fk",
            "ALTER TABLE courses ADD CONSTRAINT c CHECK (char_length(title) > 0) NOT VALID",
            "ALTER TABLE courses ADD CONSTRAINT u UNIQUE USING INDEX idx_courses_title",
            "ALTER TABLE courses DROP CONSTRAINT IF EXISTS c",
            "ALTER TABLE courses RENAME CONSTRAINT a TO b",
            "COMMENT ON COLUMN courses.title IS 'DROP TABLE courses; ALTER TABLE x RENAME TO y'",
            "UPDATE courses SET title = 'ALTER TABLE courses DROP COLUMN x'",
        ])
    func negative(sql: String) throws {
        #expect(try ruleIDs(sql) == [])
    }

    @Test("several actions of one ALTER TABLE are each checked")
    func multipleActions() throws {
        let ids = try ruleIDs(
            "ALTER TABLE courses ADD COLUMN a int NOT NULL, ALTER COLUMN b TYPE numeric(10, 2), DROP COLUMN c")
        #expect(ids == ["add-column-not-null-without-default", "alter-column-type", "drop-column"])
    }

    @Test("statements on a table created in the same file are not flagged")
    func newTablesExempt() throws {
        let file = try MigrationFile(
            filename: "002_tags.sql",
            sql: """
                CREATE TABLE IF NOT EXISTS tags (id uuid PRIMARY KEY, name text);
                CREATE INDEX IF NOT EXISTS idx_tags_name ON tags (name);
                ALTER TABLE tags ADD COLUMN slug text NOT NULL;
                ALTER TABLE public.tags ADD CONSTRAINT fk FOREIGN KEY (id) REFERENCES users (id);
                DROP TRIGGER IF EXISTS t ON tags;
                """)
        #expect(MigrationLinter.lint(file) == [])
    }

    @Test("a file that alters existing tables without SET lock_timeout first gets one finding at the first one")
    func missingLockTimeout() throws {
        let file = try MigrationFile(
            filename: "003_x.sql",
            sql: """
                CREATE TABLE tags (id int);
                ALTER TABLE courses ADD COLUMN tag_id int;
                ALTER TABLE users ADD COLUMN bio text;
                SET lock_timeout = '5s';
                """)
        let findings = MigrationLinter.lint(file)
        #expect(findings.map(\.ruleID) == ["missing-lock-timeout"])
        #expect(findings.first?.line == 2)
        #expect(findings.first?.severity == .warning)
        #expect(findings.first?.message.contains("courses") == true)

        let concurrentOnly = try MigrationFile(
            filename: "004_y.sql", sql: "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON courses (title);")
        #expect(MigrationLinter.lint(concurrentOnly) == [])
        let withTimeout = try MigrationFile(
            filename: "005_z.sql", sql: "SET SESSION lock_timeout TO '2s';\nALTER TABLE courses ADD COLUMN x int;")
        #expect(MigrationLinter.lint(withTimeout) == [])
        let trigger = try MigrationFile(
            filename: "006_t.sql", sql: "CREATE TRIGGER t BEFORE UPDATE ON courses FOR EACH ROW EXECUTE FUNCTION f();")
        #expect(MigrationLinter.lint(trigger).map(\.ruleID) == ["missing-lock-timeout"])
    }

    @Test("findings carry file, line, severity, message and fix")
    func findingFields() throws {
        let file = try MigrationFile(
            filename: "007_idx.sql", sql: "SET LOCAL lock_timeout = '5s';\n\nCREATE INDEX idx ON courses (title);")
        let finding = try #require(MigrationLinter.lint(file).first)
        #expect(finding.file == "007_idx.sql")
        #expect(finding.line == 3)
        #expect(finding.severity == .error)
        #expect(finding.message.contains("courses"))
        #expect(finding.fixHint.contains("CONCURRENTLY IF NOT EXISTS"))
    }

    @Test("files the planner refuses, or cannot split, are reported as errors")
    func unplannable() throws {
        let refused = try MigrationFile(filename: "008_r.sql", sql: "SELECT 1;\nROLLBACK;")
        let refusedFindings = MigrationLinter.lint(refused)
        #expect(refusedFindings.map(\.ruleID) == ["plan-refused"])
        #expect(refusedFindings.first?.line == 2)
        let notIdempotent = try MigrationFile(filename: "009_n.sql", sql: "CREATE INDEX CONCURRENTLY i ON courses (a);")
        #expect(MigrationLinter.lint(notIdempotent).first?.fixHint.contains("IF NOT EXISTS") == true)
        let broken = try MigrationFile(filename: "010_b.sql", sql: "SELECT 'open")
        #expect(MigrationLinter.lint(broken).map(\.ruleID) == ["sql-syntax"])
    }

    @Test("the rule table has unique ids")
    func uniqueIDs() {
        let ids = (LintRule.statementRules + [LintRule.missingLockTimeout]).map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.count == 13)
    }
}
