import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

/// Course assets end to end through the binary, on both stores (SPEC §14): coursed's own store (`STORAGE_DIR`) and
/// S3 (moto), each with PostgreSQL. Real clients (`Tests/AssetClients/asset_client.py`, Python `requests`) upload
/// with a single PUT and in parts with exactly the returned headers, complete, download (bytes equal), delete (the
/// objects go); then `coursed assets cleanup` removes the upload that was never completed.
@Suite(
    "course assets through the binary", .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["COURSED_TEST_DATABASE_URL"] != nil
            && ProcessInfo.processInfo.environment["COURSED_TEST_S3_PYTHON"] != nil,
        "needs COURSED_TEST_DATABASE_URL and COURSED_TEST_S3_PYTHON (scripts/test.sh)"))
struct AssetProcessEndToEndTests {
    static let environment = ProcessInfo.processInfo.environment
    static let mib = 1024 * 1024
    static let credentials = (key: "AKIDCOURSEDASSETS", secret: "coursed-assets-secret")

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("AssetClients/asset_client.py").path
    }

    /// Runs one mode of the client script with `input` as JSON; returns the object it printed.
    static func client(_ mode: String, _ input: [String: Any]) async throws -> [String: Any] {
        let python = try #require(environment["COURSED_TEST_S3_PYTHON"])
        let output = try await TestProcess.run(
            python, arguments: [script, mode], input: try JSONSerialization.data(withJSONObject: input))
        try #require(output.status == 0, "asset_client.py \(mode): \(output.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    /// A migrated database, a configuration directory (multipart from 5 MiB) and the server's environment.
    static func setUp(_ extra: [String: String]) async throws -> [String: String] {
        let url = try await PostgresEndToEndTests.freshDatabase()
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-assets-\(UUID())")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try "development:\n  storage:\n    multipart_threshold: 5242880\n".write(
            to: config.appendingPathComponent("development.yml"), atomically: true, encoding: .utf8)
        var environment = [
            "DATABASE_URL": url, "JWT_SECRET": "e2e-secret-e2e-secret-e2e-secret-e2e",
            "ADMIN_EMAIL": "root@example.com", "ADMIN_PASSWORD": "root-password",
            "COURSED_MIGRATIONS_DIR": PostgresEndToEndTests.migrationsDirectory, "COURSED_CONFIG_DIR": config.path,
        ]
        environment.merge(extra) { _, new in new }
        let migrated = try await CoursedProcess.run(
            ["migrate", "--dir", PostgresEndToEndTests.migrationsDirectory], environment: environment)
        try #require(migrated.status == 0, "\(migrated.stderr)")
        return environment
    }

    /// Serves with `environment`, runs the client flow against it, stops the server; returns the flow's report.
    static func flow(_ environment: [String: String]) async throws -> [String: Any] {
        let port = CoursedProcess.freePort()
        var environment = environment
        environment["PORT"] = String(port)
        let server = try CoursedProcess.start(["serve", "--port", String(port)], environment: environment)
        defer { if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) } }
        let base = "http://127.0.0.1:\(port)"
        let http = HTTPCurlClient()
        try await CoursedProcess.waitUntilAnswering(base, client: http, seconds: 60)
        try? await http.shutdown()
        let report = try await client(
            "flow",
            [
                "base": base, "email": "root@example.com", "password": "root-password", "single_size": 300_000,
                "multipart_size": 11 * mib + 12_345,
            ])
        kill(server.process.processIdentifier, SIGTERM)
        _ = await server.finish()
        return report
    }

    /// The checks both stores share: statuses, equal bytes, the filename in the download's disposition.
    static func checkFlow(_ report: [String: Any], embedded: Bool) throws {
        let single = try #require(report["single"] as? [String: Any])
        #expect(single["create_status"] as? Int == 201)
        #expect(single["method"] as? String == "PUT")
        #expect((single["header_names"] as? [String])?.contains("x-amz-checksum-sha256") == true)
        if embedded {
            #expect(single["other_bytes_status"] as? Int == 400, "other bytes than the declared sha256")
        } else {
            #expect((single["other_bytes_status"] as? Int).map { $0 < 500 } == true)
        }
        #expect(single["put_status"] as? Int == 200)
        #expect(single["complete_status"] as? Int == 200)
        #expect(single["completed_status"] as? String == "ready")
        #expect(single["download_status"] as? Int == 200)
        #expect(single["same_bytes"] as? Bool == true)
        #expect((single["disposition"] as? String)?.contains("filename*=UTF-8''R%C3%A9sum%C3%A9%20final.pdf") == true)

        let multipart = try #require(report["multipart"] as? [String: Any])
        #expect(multipart["create_status"] as? Int == 201)
        #expect(multipart["part_size"] as? Int == 5 * mib)
        #expect(multipart["part_statuses"] as? [Int] == [200, 200, 200])
        #expect(multipart["wrong_etag_status"] as? Int == 409)
        #expect(multipart["wrong_etag_code"] as? String == "upload_incomplete")
        #expect(multipart["complete_status"] as? Int == 200)
        #expect(multipart["completed_status"] as? String == "ready")
        #expect(multipart["download_status"] as? Int == 200)
        #expect(multipart["same_bytes"] as? Bool == true)

        #expect(report["delete_status"] as? Int == 204)
        #expect(report["shown_after_delete"] as? Int == 404)
        let abandoned = try #require(report["abandoned"] as? [String: Any])
        #expect(abandoned["create_status"] as? Int == 201)
        #expect(abandoned["part_status"] as? Int == 200)
        #expect((abandoned["upload_id"] as? String)?.isEmpty == false)
    }

    /// Runs `coursed assets cleanup --older-than 0s`; returns its standard output.
    static func cleanup(_ environment: [String: String]) async throws -> String {
        let run = try await CoursedProcess.runExpectingExit(
            ["assets", "cleanup", "--older-than", "0s"], environment: environment, seconds: 60)
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    /// Polls `body` until it returns true, for at most 30 s (deletion runs in the background after the 204).
    static func eventually(_ what: String, _ body: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try await !body() {
            try #require(ContinuousClock.now < deadline, "\(what) within 30 s")
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    @Test func embeddedStoreUnderStorageDir() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-store-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = try await Self.setUp(["STORAGE_DIR": directory.path])
        let report = try await Self.flow(environment)
        try Self.checkFlow(report, embedded: true)
        let course = try #require(report["course"] as? String)
        let single = try #require((report["single"] as? [String: Any])?["id"] as? String)
        let multipart = try #require((report["multipart"] as? [String: Any])?["id"] as? String)
        let abandoned = try #require((report["abandoned"] as? [String: Any])?["id"] as? String)
        func files(_ asset: String) -> [String] {
            let dir = directory.appendingPathComponent("courses/\(course)/assets/\(asset)")
            return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
        }
        try await Self.eventually("the deleted asset's files gone") { files(single).isEmpty }
        #expect(files(multipart) == ["original"], "the parts are gone once assembled")
        #expect(files(abandoned).count == 1, "one part of the abandoned upload: \(files(abandoned))")

        let output = try await Self.cleanup(environment)
        #expect(output.contains("removed pending asset \(abandoned)"), "\(output)")
        #expect(output.contains("removed 1 pending assets"), "\(output)")
        #expect(files(abandoned).isEmpty)
        #expect(files(multipart) == ["original"], "a completed asset is kept")
    }

    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["COURSED_TEST_S3_ENDPOINT"] != nil,
            "needs COURSED_TEST_S3_ENDPOINT (moto)"))
    func s3StoreOnMoto() async throws {
        let endpoint = try #require(Self.environment["COURSED_TEST_S3_ENDPOINT"])
        let bucket = "coursed-assets-" + UUID().uuidString.lowercased().prefix(12)
        let s3: [String: Any] = [
            "endpoint": endpoint, "bucket": bucket, "access_key": Self.credentials.key,
            "secret_key": Self.credentials.secret, "region": "us-east-1",
        ]
        _ = try await Self.client("s3-create", s3)
        let environment = try await Self.setUp([
            "STORAGE_BUCKET": bucket, "S3_ENDPOINT": endpoint, "AWS_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": Self.credentials.key, "AWS_SECRET_ACCESS_KEY": Self.credentials.secret,
        ])
        let report = try await Self.flow(environment)
        try Self.checkFlow(report, embedded: false)
        let course = try #require(report["course"] as? String)
        let single = try #require((report["single"] as? [String: Any])?["id"] as? String)
        let multipart = try #require((report["multipart"] as? [String: Any])?["id"] as? String)
        let abandoned = try #require(report["abandoned"] as? [String: Any])
        let uploadID = try #require(abandoned["upload_id"] as? String)
        func state() async throws -> (keys: [String], uploads: [String], encryption: [String: String]) {
            var query = s3
            query["prefix"] = "courses/\(course)/"
            let answer = try await Self.client("s3-state", query)
            return (
                answer["keys"] as? [String] ?? [], answer["uploads"] as? [String] ?? [],
                answer["encryption"] as? [String: String] ?? [:]
            )
        }
        let kept = "courses/\(course)/assets/\(multipart)/original"
        try await Self.eventually("the deleted asset's object gone") { try await state().keys == [kept] }
        let before = try await state()
        #expect(before.uploads == [uploadID])
        #expect(before.encryption[kept] == "AES256", "server-side encryption on the stored object")
        #expect(!before.keys.contains { $0.contains(single) })

        let output = try await Self.cleanup(environment)
        #expect(output.contains("aborted multipart upload \(uploadID)"), "\(output)")
        #expect(output.contains("removed pending asset \(try #require(abandoned["id"] as? String))"), "\(output)")
        let after = try await state()
        #expect(after.uploads.isEmpty)
        #expect(after.keys == [kept], "a completed asset is kept")
    }
}
