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
    /// A migrated database with a course, a video asset `processing` and its queued job; the clip uploaded to the
    /// asset's key in coursed's own store under `STORAGE_DIR`.
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
            let course = setup.course.uuidString.lowercased()
            let asset = setup.asset.uuidString.lowercased()
            let key = "courses/\(course)/assets/\(asset)/original"
            let upload = storage.appendingPathComponent(key)
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
            let size = try #require(
                try FileManager.default.attributesOfItem(atPath: upload.path)[.size] as? NSNumber)
            try await setup.sql("INSERT INTO courses (id, title) VALUES ('\(course)', 'Video')")
            try await setup.sql(
                """
                INSERT INTO course_assets (id, course_id, kind, filename, content_type, size_bytes, status, storage_key)
                VALUES ('\(asset)', '\(course)', 'video', 'lesson.mp4', 'video/mp4', \(size.int64Value), 'processing',
                '\(key)')
                """)
            try await setup.sql(
                "INSERT INTO video_jobs (id, asset_id, run_after) VALUES (gen_random_uuid(), '\(setup.asset.uuidString.lowercased())', now())"
            )
            return setup
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

        /// `status|progress` of the asset.
        func assetStatus() async throws -> String {
            try await sql(
                "SELECT status || '|' || coalesce(progress, -1) FROM course_assets WHERE id = '\(asset.uuidString.lowercased())'"
            )
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
        #expect(try await setup.assetStatus() == "ready|100")
        let prefix = try await setup.sql("SELECT outputs->>'prefix' FROM video_jobs WHERE state = 'succeeded'")
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
