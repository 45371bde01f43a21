import CoreSupport
import Foundation
import Synchronization
import Testing

@testable import ObjectStorage

/// Failures leave nothing behind: no completed object and no open multipart upload; tampered or
/// unverifiable backups are never restored.
@Suite(.enabled(if: TestEnvironment.hasS3AndPostgres, "needs COURSED_TEST_S3_ENDPOINT, _DATABASE_URL, _PG_BIN"))
struct BackupFailureTests {
    /// Nothing under backups/, neither objects nor uploads.
    static func expectNothingLeft(_ client: S3Client) async throws {
        #expect(try await client.listObjects(prefix: "backups/").isEmpty)
        #expect(try await client.listMultipartUploads(prefix: "backups/").isEmpty)
    }

    /// A pg_dump that writes 6 MB of the real dump (more than one part) and is then killed.
    @Test func killedPgDumpAbortsTheUpload() async throws {
        let source = try await SeededDatabase.shared.database()
        let client = try await LiveS3.client()
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-fake-bin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: bin) }
        let script = bin.appendingPathComponent("pg_dump")
        try """
        #!/bin/sh
        "\(TestEnvironment.postgresBin!)/pg_dump" "$@" | head -c 6000000
        kill -9 $$
        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let service = BackupRoundTripTests.service(client) { $0.postgresBinDirectory = bin.path }
        let parts = ProgressCounter()
        do {
            _ = try await service.create(databaseURL: source.url) { _ in parts.increment() }
            Issue.record("a killed pg_dump must fail the backup")
        } catch BackupError.dumpFailed(let status, _) {
            #expect(status == 137, "killed by SIGKILL")
        }
        #expect(parts.value >= 1, "a part was uploaded before the failure")
        try await Self.expectNothingLeft(client)
    }

    @Test func pgDumpErrorExitsAndAborts() async throws {
        let client = try await LiveS3.client()
        let missing = TestDatabase.replacingDatabase(
            in: try #require(TestEnvironment.databaseURL), with: "no_such_database_here")
        do {
            _ = try await BackupRoundTripTests.service(client).create(databaseURL: missing)
            Issue.record("must fail")
        } catch BackupError.dumpFailed(let status, let stderr) {
            #expect(status == 1)
            #expect(stderr.contains("no_such_database_here"))
        }
        try await Self.expectNothingLeft(client)
    }

    @Test func storeRefusingAPartAbortsTheUpload() async throws {
        let source = try await SeededDatabase.shared.database()
        let client = try await LiveS3.client()
        let service = BackupRoundTripTests.service(FaultyStore(base: client, failingPart: 2))
        await #expect(throws: FaultyStore.refusal) { _ = try await service.create(databaseURL: source.url) }
        try await Self.expectNothingLeft(client)
    }

    @Test func cancellationAbortsTheUpload() async throws {
        let source = try await SeededDatabase.shared.database()
        let client = try await LiveS3.client()
        let service = BackupRoundTripTests.service(client)
        let firstPart = OneShot<Bool>()
        let task = Task { try await service.create(databaseURL: source.url) { _ in firstPart.fulfill(true) } }
        _ = await firstPart.value
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
        try await Self.expectNothingLeft(client)
    }

    @Test func tamperedBackupIsRefusedAndNothingRestored() async throws {
        let source = try await TestDatabase.create()
        try await source.psql(
            "CREATE TABLE users (id int PRIMARY KEY, email text); INSERT INTO users VALUES (1, 'a@b.c')")
        let client = try await LiveS3.client()
        let service = BackupRoundTripTests.service(client)
        let record = try await service.create(databaseURL: source.url)
        var (bytes, info) = try await LiveS3.get(client, key: record.key)
        bytes[bytes.count / 2] ^= 0x01
        try await client.putObject(key: record.key, body: bytes, options: ObjectWriteOptions(metadata: info.metadata))

        let target = try await TestDatabase.create()
        do {
            _ = try await service.restore(key: record.key, targetDatabaseURL: target.url, clean: false)
            Issue.record("a tampered backup must not restore")
        } catch BackupError.checksumMismatch(let key, let expected, let actual) {
            #expect(key == record.key)
            #expect(expected == record.sha256)
            #expect(actual == SigV4Signer.hexSHA256(bytes))
        }
        #expect(try await target.relationCount() == 0)

        // An object without sha256 (a crash before the checksum was attached) is refused too.
        info.metadata["sha256"] = nil
        try await client.putObject(key: record.key, body: bytes, options: ObjectWriteOptions(metadata: info.metadata))
        await #expect(throws: BackupError.missingChecksum(key: record.key)) {
            _ = try await service.restore(key: record.key, targetDatabaseURL: target.url, clean: true)
        }
        await #expect(throws: BackupError.notFound(key: "backups/nope.dump")) {
            _ = try await service.restore(key: "backups/nope.dump", targetDatabaseURL: target.url, clean: true)
        }
        #expect(try await target.relationCount() == 0)
        await source.drop()
        await target.drop()
    }
}

/// A thread-safe counter for progress callbacks.
final class ProgressCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
