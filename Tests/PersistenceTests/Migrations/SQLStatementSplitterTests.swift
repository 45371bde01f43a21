import Persistence
import Testing

@Suite("Splitting SQL into statements")
struct SQLStatementSplitterTests {
    private func split(_ sql: String) throws -> [String] {
        try SQLStatementSplitter.split(sql).map(\.sql)
    }

    @Test("semicolons end statements; blanks, empty statements and a missing final semicolon are handled")
    func basics() throws {
        #expect(try split("SELECT 1; SELECT 2;;\n\n  SELECT 3") == ["SELECT 1", "SELECT 2", "SELECT 3"])
        #expect(try split("") == [])
        #expect(try split("  ;\n-- only a comment\n/* and another */") == [])
    }

    @Test("lines are 1-based and point at the statement's first token, not the comments before it")
    func lineNumbers() throws {
        let statements = try SQLStatementSplitter.split(
            "-- header\n\nSELECT 1;\n/* block\ncomment */ SELECT\n2;\n  SELECT 'a\nb'; SELECT 4;")
        #expect(statements.map(\.line) == [3, 5, 7, 8])
        #expect(statements[1].sql == "SELECT\n2")
    }

    @Test("single quotes with '' escapes hide semicolons and comment markers")
    func singleQuotes() throws {
        #expect(
            try split("INSERT INTO t VALUES ('a;b', 'it''s; -- not a comment', '/* no */'); SELECT 1")
                == ["INSERT INTO t VALUES ('a;b', 'it''s; -- not a comment', '/* no */')", "SELECT 1"])
        // With standard_conforming_strings a backslash is an ordinary character.
        #expect(try split(#"SELECT 'C:\'; SELECT 2"#) == [#"SELECT 'C:\'"#, "SELECT 2"])
    }

    @Test("E'' strings honour backslash escapes")
    func escapeStrings() throws {
        #expect(
            try split(#"SELECT E'it\'s; fine', e'\\'; SELECT 2"#) == [#"SELECT E'it\'s; fine', e'\\'"#, "SELECT 2"])
        // An identifier ending in e is not an escape-string prefix.
        #expect(try split(#"SELECT name'x\'; SELECT 2"#).count == 2)
    }

    @Test("double-quoted identifiers hide semicolons, with \"\" escapes")
    func quotedIdentifiers() throws {
        #expect(
            try split(#"CREATE TABLE "a;""b" (x int); SELECT 1"#) == [#"CREATE TABLE "a;""b" (x int)"#, "SELECT 1"])
    }

    @Test("dollar quoting: $$ and $tag$, nested tags, and $1 parameters")
    func dollarQuotes() throws {
        let function = """
            CREATE FUNCTION f() RETURNS trigger AS $body$
            BEGIN
                PERFORM $$ inner; $$;
                RAISE NOTICE 'x;';
                RETURN NEW;
            END;
            $body$ LANGUAGE plpgsql
            """
        #expect(try split(function + ";\nSELECT 1;") == [function, "SELECT 1"])
        #expect(try split("DO $$ BEGIN PERFORM 1; END $$; SELECT 2") == ["DO $$ BEGIN PERFORM 1; END $$", "SELECT 2"])
        #expect(try split("PREPARE p AS SELECT $1; EXECUTE p(1)") == ["PREPARE p AS SELECT $1", "EXECUTE p(1)"])
        // A $ inside an identifier does not open a dollar quote.
        #expect(try split("SELECT a$b$ FROM t; SELECT 2").count == 2)
    }

    @Test("line comments and nested block comments hide semicolons and quotes")
    func comments() throws {
        #expect(
            try split("SELECT 1 -- it's; here\n; /* outer /* inner; ' */ still; */ SELECT 2")
                == ["SELECT 1", "SELECT 2"])
        // Comments inside a statement are kept; those around it are not.
        #expect(try split("-- a\nSELECT /* b */ 1 -- c\n;") == ["SELECT /* b */ 1"])
    }

    @Test("semicolons inside parentheses do not end a statement (CREATE RULE ... DO (...; ...))")
    func parentheses() throws {
        let rule = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))"
        #expect(try split(rule + "; SELECT 1") == [rule, "SELECT 1"])
    }

    @Test("a SQL-standard BEGIN ATOMIC body stays in its CREATE FUNCTION")
    func beginAtomic() throws {
        let function = """
            CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql
            BEGIN ATOMIC
                SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
                SELECT x;
            END
            """
        #expect(try split(function + ";\nBEGIN;\nCOMMIT;") == [function, "BEGIN", "COMMIT"])
    }

    @Test(
        "unterminated constructs are errors that name the line they start on",
        arguments: [
            ("SELECT 1;\nSELECT 'open", 2, "quoted string"),
            ("SELECT E'open\\'", 1, "escape string"),
            ("SELECT \"open", 1, "quoted identifier"),
            ("\n\nDO $fn$ BEGIN END $$", 3, "$fn$"),
            ("SELECT 1; /* open /* nested */", 1, "block comment"),
        ])
    func unterminated(sql: String, line: Int, construct: String) {
        #expect {
            try SQLStatementSplitter.split(sql)
        } throws: { error in
            guard let error = error as? SQLSplitError else { return false }
            return error.line == line && error.construct.contains(construct)
                && error.description.hasPrefix("unterminated")
        }
    }

    @Test("summaries collapse blanks and cut long statements")
    func summary() throws {
        let statement = try #require(try SQLStatementSplitter.split("CREATE   INDEX\n  idx ON t (a);").first)
        #expect(statement.summary() == "CREATE INDEX idx ON t (a)")
        let long = try #require(try SQLStatementSplitter.split(String(repeating: "x ", count: 100)).first)
        #expect(long.summary(limit: 20).count == 20)
        #expect(long.summary(limit: 20).hasSuffix("..."))
    }
}
