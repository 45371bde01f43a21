import ArgumentParser
import CoreSupport
import Foundation
import ObjectStorage

/// `coursed backup create`: pg_dump of DATABASE_URL streamed into the backup bucket.
struct BackupCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Dump the database (pg_dump) and stream it to the backup bucket.")

    @Option(help: "Multipart part size in MiB (at least 5); memory use is about two parts.") var partSize: Int = 8
    @Option(help: "Directory of pg_dump (default: PATH).") var pgBin: String?

    func run() async throws {
        guard partSize >= 5 else { throw ValidationError("--part-size must be at least 5 (MiB)") }
        let context = try BackupContext.make(.init(postgresBinDirectory: pgBin, partSizeMiB: partSize))
        guard let databaseURL = context.configuration.database.url?.value else {
            throw CommandFailure(code: 2, message: "backup create: DATABASE_URL is not set")
        }
        try await context.run("create") { service in
            let record = try await service.create(databaseURL: databaseURL) { progress in
                print("uploaded part \(progress.parts): \(BackupContext.size(progress.bytes))")
            }
            let seconds =
                Double(record.duration.components.seconds)
                + Double(record.duration.components.attoseconds) / 1e18
            print(
                "backup \(record.key): \(BackupContext.size(record.size)) in \(record.parts) part\(record.parts == 1 ? "" : "s"), "
                    + "sha256 \(record.sha256), \(String(format: "%.1f", seconds)) s")
        }
    }
}
