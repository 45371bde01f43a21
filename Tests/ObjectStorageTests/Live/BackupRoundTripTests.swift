import Foundation
import Synchronization
import Testing

@testable import ObjectStorage

/// Backups of a real database into a real S3-compatible store, and restores from them.
@Suite(.enabled(if: TestEnvironment.hasS3AndPostgres, "needs COURSED_TEST_S3_ENDPOINT, _DATABASE_URL, _PG_BIN"))
struct BackupRoundTripTests {
    static func service(_ store: any ObjectStore, _ configure: (inout BackupSettings) -> Void = { _ in })
        -> BackupService
    {
        var settings = BackupSettings(
            environment: "test", partSize: BackupSettings.minimumPartSize,
            postgresBinDirectory: TestEnvironment.postgresBin)
        configure(&settings)
        return BackupService(store: store, settings: settings)
    }

    @Test func backupAndRestoreGiveIdenticalTables() async throws {
        let source = try await SeededDatabase.shared.database()
        let client = try await LiveS3.client()
        let service = Self.service(client)
        let reports = Mutex<[BackupProgress]>([])
        let record = try await service.create(databaseURL: source.url) { progress in
            reports.withLock { $0.append(progress) }
        }

        // Streamed in several parts, progress after each, nothing left open.
        #expect(record.parts >= 2, "the dump (\(record.size) bytes) should exceed one 5 MiB part")
        #expect(reports.withLock { $0.map(\.parts) } == Array(1...record.parts))
        #expect(reports.withLock { $0.last?.bytes } == record.size)
        #expect(try await client.listMultipartUploads(prefix: "backups/").isEmpty)
        #expect(record.key.hasPrefix("backups/database-") && record.key.hasSuffix(".dump"))
        #expect(BackupKey.timestamp(of: record.key) != nil)

        // The object: its bytes hash to the sha256 in its metadata; encrypted at rest.
        let info = try #require(try await client.headObject(key: record.key))
        #expect(info.size == record.size)
        #expect(info.metadata["type"] == "database-backup")
        #expect(info.metadata["environment"] == "test")
        #expect(info.metadata["timestamp"] == BackupKey.iso8601(record.timestamp))
        #expect(info.metadata["sha256"] == record.sha256)
        #expect(info.serverSideEncryption == "AES256")
        let (bytes, _) = try await LiveS3.get(client, key: record.key)
        #expect(SigV4Signer.hexSHA256(bytes) == record.sha256)
        #expect(bytes.starts(with: Array("PGDMP".utf8)))

        // Restore into a fresh database: same rows.
        let target = try await TestDatabase.create()
        let restored = try await service.restore(key: record.key, targetDatabaseURL: target.url, clean: false)
        #expect(restored.sha256 == record.sha256)
        for table in ["users", "courses"] {
            let expected = try await source.checksum(table)
            #expect(expected.hasPrefix("60000:"))
            #expect(try await target.checksum(table) == expected)
        }

        // Not again into a non-empty database, unless clean.
        await #expect(throws: BackupError.self) {
            _ = try await service.restore(key: record.key, targetDatabaseURL: target.url, clean: false)
        }
        try await target.psql(
            "DELETE FROM courses WHERE id <= 10; INSERT INTO users VALUES (0, 'x@y.z', '', '', now())")
        _ = try await service.restore(key: record.key, targetDatabaseURL: target.url, clean: true)
        #expect(try await target.checksum("courses") == source.checksum("courses"))
        #expect(try await target.checksum("users") == source.checksum("users"))
        await target.drop()
    }

    @Test func listShowsNewestFirst() async throws {
        let client = try await LiveS3.client()
        for stamp in ["20250101T000000Z", "20250301T000000Z", "20250201T000000Z"] {
            try await client.putObject(key: "backups/database-\(stamp).dump", body: [1, 2, 3])
        }
        let entries = try await Self.service(client).list()
        #expect(
            entries.map(\.key) == [
                "backups/database-20250301T000000Z.dump", "backups/database-20250201T000000Z.dump",
                "backups/database-20250101T000000Z.dump",
            ])
        #expect(entries.allSatisfy { $0.size == 3 })
        #expect(entries[0].timestamp == BackupKey.timestamp(of: "backups/database-20250301T000000Z.dump"))
    }

    /// Objects above `singleCopyLimit` get their sha256 through a multipart copy (UploadPartCopy).
    @Test func largeObjectsGetTheirChecksumByMultipartCopy() async throws {
        let source = try await SeededDatabase.shared.database()
        let client = try await LiveS3.client()
        let service = Self.service(client) {
            $0.singleCopyLimit = 0
            $0.copyPartSize = Int64(BackupSettings.minimumPartSize)
        }
        let record = try await service.create(databaseURL: source.url)
        let info = try #require(try await client.headObject(key: record.key))
        #expect(info.metadata["sha256"] == record.sha256)
        #expect(info.size == record.size)
        #expect(SigV4Signer.hexSHA256(try await LiveS3.get(client, key: record.key).0) == record.sha256)
        #expect(try await client.listMultipartUploads(prefix: "backups/").isEmpty)
    }
}
