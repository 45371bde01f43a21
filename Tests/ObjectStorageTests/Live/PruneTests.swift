import Foundation
import Testing

@testable import ObjectStorage

/// Retention: only backups under the prefix older than the cut-off go, by the time in their key.
@Suite(.enabled(if: TestEnvironment.hasS3, "needs COURSED_TEST_S3_ENDPOINT"))
struct PruneTests {
    @Test func dryRunThenRealPrune() async throws {
        let client = try await LiveS3.client()
        let now = Date()
        func key(daysAgo: Double) -> String {
            BackupKey.make(prefix: "backups/", date: now.addingTimeInterval(-daysAgo * 86_400))
        }
        let fresh = [key(daysAgo: 0.5), key(daysAgo: 29.9)]
        let expired = [key(daysAgo: 400), key(daysAgo: 30.1)]
        let untouchable = ["other/database-20000101T000000Z.dump", "backups-elsewhere/database-20000101T000000Z.dump"]
        let foreign = "backups/notes.txt"  // no time in its name: its LastModified (now) counts
        for object in fresh + expired + untouchable + [foreign] {
            try await client.putObject(key: object, body: Array(object.utf8))
        }
        let service = BackupService(
            store: client, settings: BackupSettings(environment: "test"), now: { now })

        let dryRun = try await service.prune(keepDays: 30, dryRun: true)
        #expect(dryRun.dryRun)
        #expect(dryRun.expired.map(\.key) == expired)
        #expect(dryRun.kept == 3)
        #expect(try await client.listObjects(prefix: "").count == 7, "a dry run deletes nothing")

        let real = try await service.prune(keepDays: 30, dryRun: false)
        #expect(real.expired.map(\.key) == expired)
        #expect(real.failures.isEmpty)
        let left = Set(try await client.listObjects(prefix: "").map(\.key))
        #expect(left == Set(fresh + untouchable + [foreign]))

        #expect(try await service.prune(keepDays: 30, dryRun: false).expired.isEmpty)
        await #expect(throws: BackupError.self) { _ = try await service.prune(keepDays: 0, dryRun: true) }
    }
}
