import ArgumentParser
import Foundation
import ObjectStorage

/// `coursed backup restore KEY --target-database URL [--clean]`: verified restore into a named database.
struct BackupRestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Download a backup, verify its sha256, and load it (pg_restore) into the target database.")

    @Argument(help: "Key of the backup, as `backup list` shows it.") var key: String
    @Option(help: "URL of the database to restore into (it must exist).") var targetDatabase: String
    @Flag(help: "Replace the objects of a non-empty target (pg_restore --clean --if-exists).") var clean = false
    @Option(help: "Directory of pg_restore and psql (default: PATH).") var pgBin: String?

    func run() async throws {
        let target: PostgresURL
        do {
            target = try PostgresURL(targetDatabase)
        } catch {
            throw ValidationError("--target-database: \(error)")
        }
        let context = try BackupContext.make(.init(postgresBinDirectory: pgBin))
        try await context.run("restore") { service in
            let record = try await service.restore(key: key, targetDatabaseURL: targetDatabase, clean: clean) { step in
                switch step {
                case .downloading(let bytes, let total):
                    print("downloaded \(BackupContext.size(bytes)) of \(BackupContext.size(total))")
                case .verified(let sha256): print("sha256 verified: \(sha256)")
                case .restoring: print("running pg_restore")
                }
            }
            print("restored \(record.key) (\(BackupContext.size(record.size))) into \(target.withoutPassword)")
        }
    }
}
