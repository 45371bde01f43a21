import Foundation
import ProcessTestSupport
import Testing

/// `coursed worker` processes against a real PostgreSQL and ffmpeg: a worker killed with SIGKILL mid-job loses it to
/// another once its lease expires; a worker stopped with SIGTERM releases its job at once.
@Suite(
    "coursed worker processes", .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["COURSED_TEST_DATABASE_URL"] != nil
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg")))
struct VideoWorkerProcessTests {
    /// A migrated database, a storage directory with one uploaded clip, its asset record and its queued job.
    struct Setup {
        let url: String
        let storage: URL
        let asset: UUID
        let course = UUID()

        static func make(seconds: Int) async throws -> Setup {
            let url = try await PostgresEndToEndTests.freshDatabase()
            let migrated = try await CoursedProcess.run(
                ["migrate", "--dir", PostgresEndToEndTests.migrationsDirectory], environment: ["DATABASE_URL": url])
            try #require(migrated.status == 0, "\(migrated.stderr)")
            let storage = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-worker-\(UUID())")
            let setup = Setup(url: url, storage: storage, asset: UUID())
            let upload = storage.appendingPathComponent("uploads/\(setup.asset.uuidString.lowercased())")
            try FileManager.default.createDirectory(
                at: upload.deletingLastPathComponent(), withIntermediateDirectories: true)
            let clip = try await TestProcess.run(
                "/usr/bin/ffmpeg",
                arguments: [
                    "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=30", "-f",
                    "lavfi", "-i", "sine=frequency=440", "-t", "\(seconds)", "-c:v", "libx264", "-preset", "ultrafast",
                    "-c:a", "aac", "-shortest", "-f", "mp4", upload.path,
                ])
            try #require(clip.status == 0, "\(clip.stderr)")
            let record = #"{"course_id":"\#(setup.course.uuidString.lowercased())","status":"processing","progress":0}"#
            try FileManager.default.createDirectory(
                at: storage.appendingPathComponent("assets"), withIntermediateDirectories: true)
            try Data(record.utf8).write(to: setup.assetFile)
            try await setup.sql(
                "INSERT INTO video_jobs (id, asset_id, run_after) VALUES (gen_random_uuid(), '\(setup.asset.uuidString.lowercased())', now())"
            )
            return setup
        }

        var assetFile: URL {
            storage.appendingPathComponent("assets/\(asset.uuidString.lowercased()).json")
        }

        var environment: [String: String] {
            [
                "DATABASE_URL": url, "STORAGE_DIR": storage.path, "VIDEO_LEASE_SECONDS": "3",
                "VIDEO_POLL_INTERVAL_MS": "100", "COURSED_MIGRATIONS_DIR": PostgresEndToEndTests.migrationsDirectory,
            ]
        }

        /// Runs one statement with psql; returns its unaligned output.
        @discardableResult
        func sql(_ statement: String) async throws -> String {
            let bin = ProcessInfo.processInfo.environment["COURSED_TEST_PG_BIN"] ?? "/usr/lib/postgresql/15/bin"
            let run = try await TestProcess.run(
                "\(bin)/psql", arguments: ["--no-psqlrc", "-qtA", "-d", url, "-c", statement])
            try #require(run.status == 0, "\(run.stderr)")
            return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// `state|attempts` of the job.
        func job() async throws -> String { try await sql("SELECT state || '|' || attempts FROM video_jobs") }

        /// Polls until `condition` holds on the job's `state|attempts`, failing after `seconds`.
        func waitForJob(_ seconds: Int, _ condition: (String) -> Bool) async throws -> String {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while true {
                let job = try await job()
                if condition(job) { return job }
                try #require(ContinuousClock.now < deadline, "the job is still \(job) after \(seconds) s")
                try await Task.sleep(for: .milliseconds(100))
            }
        }

        func assetRecord() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(contentsOf: assetFile)) as? [String: Any] ?? [:]
        }
    }

    @Test func killedWorkerLosesItsJobToAnotherAfterTheLease() async throws {
        let setup = try await Setup.make(seconds: 20)
        defer { try? FileManager.default.removeItem(at: setup.storage) }
        let doomed = try CoursedProcess.start(["worker"], environment: setup.environment)
        _ = try await setup.waitForJob(60) { $0 == "running|1" }
        kill(doomed.process.processIdentifier, SIGKILL)
        #expect(await doomed.waitForExit() != 0)
        let survivor = try CoursedProcess.start(["worker", "--concurrency", "2"], environment: setup.environment)
        let finished = try await setup.waitForJob(300) { $0.hasPrefix("succeeded") || $0.hasPrefix("failed") }
        kill(survivor.process.processIdentifier, SIGTERM)
        let output = await survivor.finish()
        #expect(finished == "succeeded|2", "\(output.stderr)")
        #expect(output.status == 0)
        let record = try setup.assetRecord()
        #expect(record["status"] as? String == "ready")
        let outputs = try #require(record["outputs"] as? [String: Any])
        let prefix = try #require(outputs["prefix"] as? String)
        // Only the second attempt's outputs were recorded, and they play.
        let master = setup.storage.appendingPathComponent(prefix).appendingPathComponent("master.m3u8")
        let played = try await TestProcess.run(
            "/usr/bin/ffmpeg", arguments: ["-nostdin", "-v", "error", "-i", master.path, "-f", "null", "-"])
        #expect(played.status == 0, "\(played.stderr)")
    }

    @Test func sigtermMidJobReleasesIt() async throws {
        let setup = try await Setup.make(seconds: 60)
        defer { try? FileManager.default.removeItem(at: setup.storage) }
        var environment = setup.environment
        environment["VIDEO_DRAIN_TIMEOUT_SECONDS"] = "1"
        environment["VIDEO_LEASE_SECONDS"] = "600"
        let worker = try CoursedProcess.start(["worker"], environment: environment)
        _ = try await setup.waitForJob(60) { $0 == "running|1" }
        kill(worker.process.processIdentifier, SIGTERM)
        let output = await worker.finish()
        #expect(output.status == 0, "\(output.stderr)")
        // Released, not left running for its 10-minute lease: the next worker takes it at once.
        #expect(try await setup.job() == "queued|0", "\(output.stderr)")
        #expect(try await setup.sql("SELECT count(*) FROM video_jobs WHERE lease_token IS NOT NULL") == "0")
        #expect(output.stderr.contains("released") || output.stdout.contains("released"))
    }
}
