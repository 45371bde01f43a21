import Foundation
import Persistence
import Testing

@Suite("Migration files and the loader")
struct MigrationFileTests {
    @Test("NNN_name.sql gives version, name, id and the checksum of the bytes")
    func parsesName() throws {
        let file = try MigrationFile(filename: "001_initial_schema.sql", sql: "SELECT 1;")
        #expect(file.version == 1)
        #expect(file.name == "initial_schema")
        #expect(file.id == "001_initial_schema")
        #expect(file.checksum == MigrationFile.checksum(of: Data("SELECT 1;".utf8)))
        #expect(try MigrationFile(filename: "0042_add-tags.sql", sql: "").version == 42)
    }

    @Test(
        "bad names are refused with the reason",
        arguments: [
            ("initial.sql", "does not start with a version number"),
            ("001initial.sql", "must be followed by '_'"),
            ("001_.sql", "has no name"),
            ("001_bad name.sql", "may only hold"),
            ("1234567890_big.sql", "too long"),
            ("001_x.txt", "does not end in .sql"),
        ])
    func badNames(filename: String, reason: String) {
        #expect {
            try MigrationFile(filename: filename, sql: "")
        } throws: { error in
            guard case .invalidFilename(filename, let actual) = error as? MigrationError else { return false }
            return actual.contains(reason) && "\(error)".contains("NNN_name.sql")
        }
    }

    @Test("a byte-order mark is dropped from the text but counted in the checksum")
    func byteOrderMark() throws {
        let bytes = Data([0xEF, 0xBB, 0xBF] + Array("SELECT 1;".utf8))
        let file = try MigrationFile(filename: "001_bom.sql", contents: bytes)
        #expect(file.sql == "SELECT 1;")
        #expect(file.checksum == MigrationFile.checksum(of: bytes))
    }

    @Test("text that is not UTF-8 is refused")
    func notUTF8() {
        #expect(throws: MigrationError.notUTF8(filename: "001_x.sql")) {
            try MigrationFile(filename: "001_x.sql", contents: Data([0xFF, 0xFE, 0x00, 0xC3]))
        }
    }

    @Test("the loader sorts by number, ignores other files and refuses duplicate versions")
    func loaderFromPairs() throws {
        let files = try MigrationLoader.load(files: [
            ("010_ten.sql", Data()), ("README.md", Data("# notes".utf8)), ("002_two.sql", Data()),
            ("9_nine.sql", Data()),
        ])
        #expect(files.map(\.filename) == ["002_two.sql", "9_nine.sql", "010_ten.sql"])
        #expect(throws: MigrationError.duplicateVersion(version: 2, filenames: ["002_a.sql", "2_b.sql"])) {
            try MigrationLoader.load(files: [("2_b.sql", Data()), ("002_a.sql", Data())])
        }
    }

    @Test("the loader reads a directory, skipping non-.sql files and sub-directories")
    func loaderFromDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("SELECT 2;".utf8).write(to: directory.appendingPathComponent("002_second.sql"))
        try Data("SELECT 1;".utf8).write(to: directory.appendingPathComponent("001_first.sql"))
        try Data("notes".utf8).write(to: directory.appendingPathComponent("notes.txt"))
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("003_dir.sql"), withIntermediateDirectories: true)

        let files = try MigrationLoader.load(directory: directory)
        #expect(files.map(\.id) == ["001_first", "002_second"])
        #expect(files[1].sql == "SELECT 2;")
    }

    @Test("a missing directory is a clear error")
    func missingDirectory() {
        let missing = URL(fileURLWithPath: "/nonexistent/migrations-\(UUID())")
        #expect {
            try MigrationLoader.load(directory: missing)
        } throws: { error in
            guard case .unreadableDirectory(let path, _) = error as? MigrationError else { return false }
            return path == missing.path && "\(error)".hasPrefix("cannot read migrations directory")
        }
    }

    @Test("a misnamed .sql file in a directory stops the load")
    func misnamedInDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data().write(to: directory.appendingPathComponent("add_tags.sql"))
        #expect(throws: MigrationError.self) { try MigrationLoader.load(directory: directory) }
    }
}
