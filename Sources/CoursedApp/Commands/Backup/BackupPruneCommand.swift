import ArgumentParser
import Foundation
import ObjectStorage

/// `coursed backup prune [--keep-days 30] [--dry-run]`: deletes backups older than the retention.
struct BackupPruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Delete backups older than --keep-days (only under backups/).")

    @Option(help: "Days of backups to keep.") var keepDays: Int = 30
    @Flag(help: "List what would be deleted, delete nothing.") var dryRun = false

    func run() async throws {
        guard keepDays >= 1 else { throw ValidationError("--keep-days must be at least 1") }
        let context = try BackupContext.make()
        try await context.run("prune") { service in
            let report = try await service.prune(keepDays: keepDays, dryRun: dryRun)
            let now = Date()
            let failed = Set(report.failures.map(\.key))
            for entry in report.expired where !failed.contains(entry.key) {
                let verb = dryRun ? "would delete" : "deleted"
                print("\(verb) \(entry.key) (\(BackupContext.age(entry.age(at: now))) old)")
            }
            print(
                "\(dryRun ? "would delete" : "deleted") \(report.expired.count - failed.count), kept \(report.kept)")
            if !report.failures.isEmpty {
                let detail = report.failures.map { "\($0.key): \($0.code)" }.joined(separator: ", ")
                throw CommandFailure(code: 1, message: "backup prune: not deleted: \(detail)")
            }
        }
    }
}
