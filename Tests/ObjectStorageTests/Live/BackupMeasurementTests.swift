import Foundation
import Testing

@testable import ObjectStorage

/// Time and peak memory of a backup and a restore of a generated database of `COURSED_BENCH_BACKUP_MB`
/// megabytes of table data. Manual only (`COURSED_BENCH_BACKUP_MB=1000 swift test --filter
/// BackupMeasurementTests`): it prints its numbers. Peak RSS is this process's VmHWM, reset through
/// /proc/self/clear_refs before each phase, so it counts our process only (pg_dump/pg_restore are apart).
@Suite(
    .enabled(
        if: TestEnvironment.hasS3AndPostgres && ProcessInfo.processInfo.environment["COURSED_BENCH_BACKUP_MB"] != nil,
        "manual: set COURSED_BENCH_BACKUP_MB"))
struct BackupMeasurementTests {
    @Test(.timeLimit(.minutes(60))) func measureBackupAndRestore() async throws {
        let megabytes = Int(ProcessInfo.processInfo.environment["COURSED_BENCH_BACKUP_MB"] ?? "") ?? 100
        let partMiB = Int(ProcessInfo.processInfo.environment["COURSED_BENCH_PART_MIB"] ?? "") ?? 8
        let source = try await TestDatabase.create(prefix: "coursed_bench")
        // About 1 KB a row: a title, a long body of hex (compresses about 2:1) and a JSON document.
        let rows = megabytes * 1000
        let seedStart = ContinuousClock.now
        try await source.psql(
            """
            CREATE TABLE courses (id bigint PRIMARY KEY, title text, body text, metadata jsonb);
            INSERT INTO courses SELECT g, 'Course ' || g, (SELECT string_agg(md5(random()::text || g || i), '')
                FROM generate_series(1, 28) s(i)), jsonb_build_object('n', g) FROM generate_series(1, \(rows)) g;
            """)
        let tableSize = try await source.psql("SELECT pg_total_relation_size('courses')")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        print("bench: seeded \(rows) rows, \(tableSize) bytes on disk, in \(ContinuousClock.now - seedStart)")

        let client = try await LiveS3.client(requestTimeout: .seconds(600))
        let service = BackupRoundTripTests.service(client) { $0.partSize = partMiB * 1024 * 1024 }
        let baseline = Self.resetPeak()
        let record = try await service.create(databaseURL: source.url)
        let backupPeak = Self.peakKiB()
        print(
            "bench: backup \(record.size) bytes, \(record.parts) parts of \(partMiB) MiB, \(record.duration), "
                + "peak RSS \(backupPeak / 1024) MiB (before: \(baseline / 1024) MiB)")

        let target = try await TestDatabase.create(prefix: "coursed_bench_restore")
        let restoreBaseline = Self.resetPeak()
        let restored = try await service.restore(key: record.key, targetDatabaseURL: target.url, clean: false)
        let restorePeak = Self.peakKiB()
        print(
            "bench: restore \(restored.size) bytes, \(restored.duration), peak RSS \(restorePeak / 1024) MiB "
                + "(before: \(restoreBaseline / 1024) MiB)")
        #expect(try await target.checksum("courses") == source.checksum("courses"))
        await source.drop()
        await target.drop()
    }

    /// Resets VmHWM to the current RSS (Linux 4.0+: write 5 to clear_refs); returns the current RSS in KiB.
    static func resetPeak() -> Int {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        return status("VmRSS")
    }

    static func peakKiB() -> Int { status("VmHWM") }

    private static func status(_ field: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
        }
        return -1
    }
}
