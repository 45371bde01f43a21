import Foundation
import Testing

@testable import ObjectStorage

@Suite struct PostgresURLTests {
    @Test func passwordLeavesTheURL() throws {
        let url = try PostgresURL("postgres://app:s%40cr%3At@db.example:5432/coursed?sslmode=require")
        #expect(url.withoutPassword == "postgres://app@db.example:5432/coursed?sslmode=require")
        #expect(url.password == "s@cr:t")
        #expect(!url.description.contains("cr"))
    }

    @Test func passwordInQueryLeavesTheURL() throws {
        let url = try PostgresURL("postgresql://app@h/db?password=p%26w&sslmode=disable")
        #expect(url.withoutPassword == "postgresql://app@h/db?sslmode=disable")
        #expect(url.password == "p&w")
        let only = try PostgresURL("postgres://h/db?password=x")
        #expect(only.withoutPassword == "postgres://h/db")
    }

    @Test func urlWithoutPasswordIsUnchanged() throws {
        let text = "postgres://postgres@127.0.0.1:40775/postgres?sslmode=disable"
        let url = try PostgresURL(text)
        #expect(url.withoutPassword == text)
        #expect(url.password == nil)
    }

    @Test func atSignInPasswordAndMultipleHosts() throws {
        let url = try PostgresURL("postgres://u:a@b@h1:5432,h2:5433/db")
        #expect(url.withoutPassword == "postgres://u@h1:5432,h2:5433/db")
        #expect(url.password == "a@b")
    }

    @Test func refusesOtherSchemesWithoutEchoingThem() {
        #expect(throws: BackupError.self) { try PostgresURL("mysql://u:secretpw@h/db") }
        do {
            _ = try PostgresURL("mysql://u:secretpw@h/db")
        } catch {
            #expect(!error.description.contains("secretpw"))
        }
    }

    @Test func passwordFileIsPrivateAndEscaped() throws {
        let directory = FileManager.default.temporaryDirectory
        let file = try PasswordFile(password: #"a:b\c"#, directory: directory)
        defer { file.remove() }
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == #"*:*:*:*:a\:b\\c"# + "\n")
        file.remove()
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }
}
