import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Synchronization
import Testing

/// Several coursed instances on a Redis Cluster and a PostgreSQL primary with a streaming replica
/// (scripts/scale-out.sh, started by scripts/test-services.sh): SPEC §8 coherence and read-your-writes.
@Suite(
    "coursed instances on a Redis Cluster and a streaming replica", .serialized,
    .enabled(if: ScaleOut.available), .timeLimit(.minutes(4)))
struct ScaleOutTests {
    /// A PATCH on instance A is visible on instance B's next read; with replica replay paused the writer still
    /// reads its own write on B (its marker is in Redis), and anonymous readers see it once replay resumes.
    @Test func aWriteOnOneInstanceIsReadOnAnotherEvenWhileTheReplicaIsPaused() async throws {
        let deployment = try await ScaleOut.Deployment.start(instances: 2)
        defer { deployment.stop() }
        let (a, b) = (deployment.bases[0], deployment.bases[1])
        let client = deployment.client
        let token = try await deployment.login(a)
        let id = try await deployment.createPublishedCourse(a, token: token, title: "before")
        // B reads it (and so fills the shared cache).
        #expect(try await deployment.title(b, id: id) == "before")
        #expect(try await deployment.title(b, id: id) == "before")

        try await ScaleOut.psql(deployment.replicaURL, "SELECT pg_wal_replay_pause()")
        let patch = try await client.execute(
            HTTPClientRequest(
                method: .patch, url: a + "/api/courses/\(id)",
                headers: ["content-type": "application/json", "authorization": "Bearer \(token)"],
                body: .bytes(Array(#"{"title":"after"}"#.utf8))))
        #expect(patch.status == 200, "\(String(decoding: patch.body, as: UTF8.self))")
        #expect(patch.headers.first(name: "x-read-after-lsn") != nil, "a write answers with its WAL position")
        // The writer, on the other instance, without echoing anything: reads its write.
        #expect(try await deployment.title(b, id: id, token: token) == "after")
        #expect(try await deployment.listingTitles(b, token: token).contains("after"))

        try await ScaleOut.psql(deployment.replicaURL, "SELECT pg_wal_replay_resume()")
        let seen = try await ScaleOut.eventually { try await deployment.title(b, id: id) == "after" }
        #expect(seen, "anonymous readers of B never saw the write after replay resumed")
        #expect(try await deployment.title(a, id: id) == "after")
    }
}

extension ScaleOutTests {
    /// SPEC §8: a Redis primary SIGKILLed under load: no 5xx while its replica is promoted (answers come from
    /// PostgreSQL meanwhile), and the cache is used again afterwards.
    @Test func aKilledRedisPrimaryCausesNo5xxAndTheCacheComesBack() async throws {
        let cluster = try await ScaleOut.ThrowawayCluster.start()
        defer { cluster.stop() }
        let deployment = try await ScaleOut.Deployment.start(instances: 2, redisURL: cluster.url)
        defer { deployment.stop() }
        let token = try await deployment.login(deployment.bases[0])
        var ids: [String] = []
        for index in 0..<6 {
            ids.append(
                try await deployment.createPublishedCourse(deployment.bases[0], token: token, title: "c\(index)"))
        }
        // The primary holding the first course's details dies.
        let victim = try await cluster.primary(owning: "coursed:v3:\(deployment.namespace):course:\(ids[0])")
        let statuses = StatusTally()
        let stopLoad = StopFlag()
        let client = deployment.client
        let bases = deployment.bases
        async let load: Void = {
            var round = 0
            while !stopLoad.isSet {
                for base in bases {
                    for id in ids {
                        let response = try? await client.execute(
                            HTTPClientRequest(url: base + "/api/courses/\(id)", timeout: .seconds(30)))
                        statuses.record(response?.status ?? 0)
                    }
                    let listing = try? await client.execute(
                        HTTPClientRequest(url: base + "/api/courses?limit=\(round % 3 + 2)", timeout: .seconds(30)))
                    statuses.record(listing?.status ?? 0)
                }
                round += 1
            }
        }()
        try await Task.sleep(for: .milliseconds(500))  // some load before the crash
        try cluster.kill(port: victim)
        // Until the cache is healthy again on both instances (replica promoted, map refreshed).
        let healthy = try await ScaleOut.eventually(seconds: 60) {
            for base in bases {
                let health = try await client.execute(HTTPClientRequest(url: base + "/api/health"))
                let body = String(decoding: health.body, as: UTF8.self)
                guard body.contains(#""cache":{"status":"healthy""#) else { return false }
            }
            return true
        }
        #expect(healthy, "the cache never came back after the failover")
        let hitsBefore = try await deployment.cacheHits(bases[1])
        try await Task.sleep(for: .seconds(1))  // load keeps running: cached reads must count as hits again
        stopLoad.set()
        await load
        #expect(try await deployment.cacheHits(bases[1]) > hitsBefore, "the cache is not used after the failover")
        let tally = statuses.snapshot
        #expect(tally.keys.allSatisfy { $0 == 200 }, "statuses under failover: \(tally)")
        #expect((tally[200] ?? 0) > 50)
    }
}

/// The scale-out services and a deployment of coursed instances on them.
enum ScaleOut {
    static let environment = ProcessInfo.processInfo.environment
    static var clusterURL: String? { environment["COURSED_TEST_REDIS_CLUSTER_URL"] }
    static var primaryURL: String? { environment["COURSED_TEST_PG_PRIMARY_URL"] }
    static var replicaURL: String? { environment["COURSED_TEST_PG_REPLICA_URL"] }
    static var available: Bool { clusterURL != nil && primaryURL != nil && replicaURL != nil }
    static var bin: String { environment["COURSED_TEST_PG_BIN"] ?? "/usr/lib/postgresql/15/bin" }

    @discardableResult
    static func psql(_ url: String, _ sql: String) async throws -> String {
        let output = try await TestProcess.run(
            "\(bin)/psql", arguments: ["--no-psqlrc", "-qAt", "-d", url, "-c", sql])
        #expect(output.status == 0, "\(output.stderr)")
        return output.stdout
    }

    /// Polls `condition` every 100 ms until it holds or `seconds` pass.
    static func eventually(seconds: Int = 30, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }

    /// N coursed instances sharing one database (primary + replica) and one Redis Cluster.
    struct Deployment: @unchecked Sendable {
        let servers: [CoursedProcess.Running]
        let bases: [String]
        let client: HTTPCurlClient
        let replicaURL: String
        let namespace: String

        static func start(instances: Int, redisURL: String? = nil) async throws -> Deployment {
            let primaryBase = try #require(ScaleOut.primaryURL)
            let replicaBase = try #require(ScaleOut.replicaURL)
            let name = "coursed_scale_\(UUID().uuidString.prefix(8).lowercased())"
            try await psql(primaryBase, "CREATE DATABASE \(name)")
            let primaryURL = primaryBase.replacingOccurrences(of: "/postgres?", with: "/\(name)?")
            let replicaURL = replicaBase.replacingOccurrences(of: "/postgres?", with: "/\(name)?")
            let migrated = try await CoursedProcess.run(
                ["migrate", "--dir", PostgresEndToEndTests.migrationsDirectory],
                environment: ["DATABASE_URL": primaryURL])
            #expect(migrated.status == 0, "\(migrated.stderr)")
            // The replica has the schema once it replayed the migration.
            let replicated = try await eventually {
                let output = try await TestProcess.run(
                    "\(bin)/psql",
                    arguments: ["--no-psqlrc", "-qAt", "-d", replicaURL, "-c", "SELECT count(*) FROM courses"])
                return output.status == 0
            }
            #expect(replicated)
            let namespace = "scale-\(UUID().uuidString.prefix(8).lowercased())"
            let environment = [
                "DATABASE_URL": primaryURL, "DATABASE_READ_URL": replicaURL,
                "REDIS_URL": try redisURL ?? #require(ScaleOut.clusterURL), "REDIS_CLUSTER_MODE": "true",
                "CACHE_NAMESPACE": namespace, "JWT_SECRET": "scale-out-secret-scale-out-secret-0123",
                "ADMIN_EMAIL": "root@example.com", "ADMIN_PASSWORD": "root-password",
                "COURSED_MIGRATIONS_DIR": PostgresEndToEndTests.migrationsDirectory,
            ]
            let client = HTTPCurlClient(configuration: .init(threadCount: 8))
            var servers: [CoursedProcess.Running] = []
            var bases: [String] = []
            for _ in 0..<instances {
                let port = CoursedProcess.freePort()
                servers.append(try CoursedProcess.start(["serve", "--port", String(port)], environment: environment))
                bases.append("http://127.0.0.1:\(port)")
            }
            for base in bases {
                try await CoursedProcess.waitUntilAnswering(
                    base, path: "/api/health/ready", client: client, seconds: 60)
            }
            return Deployment(
                servers: servers, bases: bases, client: client, replicaURL: replicaURL, namespace: namespace)
        }

        /// `cache_hits_total` of an instance's `/metrics`.
        func cacheHits(_ base: String) async throws -> Double {
            let metrics = try await client.execute(HTTPClientRequest(url: base + "/metrics"))
            let text = String(decoding: metrics.body, as: UTF8.self)
            return text.split(separator: "\n").filter { $0.hasPrefix("cache_hits_total") }
                .compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
        }

        func stop() {
            for server in servers where server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) }
        }

        func login(_ base: String) async throws -> String {
            let login = try await client.execute(
                HTTPClientRequest(
                    method: .post, url: base + "/api/auth/login", headers: ["content-type": "application/json"],
                    body: .bytes(Array(#"{"email":"root@example.com","password":"root-password"}"#.utf8))))
            #expect(login.status == 200)
            return try #require(
                (try JSONSerialization.jsonObject(with: Data(login.body)) as? [String: Any])?["token"] as? String)
        }

        func createPublishedCourse(_ base: String, token: String, title: String) async throws -> String {
            let response = try await client.execute(
                HTTPClientRequest(
                    method: .post, url: base + "/api/courses",
                    headers: ["content-type": "application/json", "authorization": "Bearer \(token)"],
                    body: .bytes(Array(#"{"title":"\#(title)"}"#.utf8))))
            #expect(response.status == 201, "\(String(decoding: response.body, as: UTF8.self))")
            let id = try #require(
                (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["id"] as? String)
            // SPEC §4: a course is created as a draft; publishing is a PATCH of its status.
            let published = try await client.execute(
                HTTPClientRequest(
                    method: .patch, url: base + "/api/courses/\(id)",
                    headers: ["content-type": "application/json", "authorization": "Bearer \(token)"],
                    body: .bytes(Array(#"{"status":"published"}"#.utf8))))
            #expect(published.status == 200, "\(String(decoding: published.body, as: UTF8.self))")
            return id
        }

        func title(_ base: String, id: String, token: String? = nil) async throws -> String? {
            var headers = HTTPHeaders()
            if let token { headers.add(name: "authorization", value: "Bearer \(token)") }
            let response = try await client.execute(
                HTTPClientRequest(url: base + "/api/courses/\(id)", headers: headers))
            #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
            return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["title"] as? String
        }

        func listingTitles(_ base: String, token: String? = nil) async throws -> [String] {
            var headers = HTTPHeaders()
            if let token { headers.add(name: "authorization", value: "Bearer \(token)") }
            let response = try await client.execute(HTTPClientRequest(url: base + "/api/courses", headers: headers))
            #expect(response.status == 200)
            let items = (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["items"]
            return (items as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        }
    }
}

extension ScaleOut {
    /// A Redis Cluster of the test's own (scripts/scale-out.sh redis-start), to kill a primary of.
    struct ThrowawayCluster: Sendable {
        let directory: String
        let url: String

        static var script: String {
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/scale-out.sh")
                .path
        }

        static func start() async throws -> ThrowawayCluster {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "coursed-app-cluster-\(UUID().uuidString.prefix(8))"
            ).path
            let output = try await TestProcess.run("/bin/bash", arguments: [script, "redis-start", directory])
            #expect(output.status == 0, "\(output.stderr)")
            let env = try String(contentsOfFile: directory + "/redis-cluster/env", encoding: .utf8)
            let line = try #require(env.split(separator: "\n").first { $0.contains("CLUSTER_URL=") })
            let url = String(line.split(separator: "=", maxSplits: 1)[1]).trimmingCharacters(
                in: CharacterSet(charactersIn: "'"))
            return ThrowawayCluster(directory: directory, url: url)
        }

        var firstPort: String { String(url.split(separator: ",")[0].split(separator: ":").last ?? "") }

        /// The port of the primary serving `key`'s slot (asked of the cluster with redis-cli).
        func primary(owning key: String) async throws -> Int {
            let slotText = try await TestProcess.run(
                "/usr/bin/env", arguments: ["redis-cli", "-p", firstPort, "cluster", "keyslot", key])
            let slot = try #require(Int(slotText.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            let nodes = try await TestProcess.run(
                "/usr/bin/env", arguments: ["redis-cli", "-p", firstPort, "cluster", "nodes"])
            for line in nodes.stdout.split(separator: "\n") {
                let fields = line.split(separator: " ")
                guard fields.count > 8, fields[2].contains("master") else { continue }
                for range in fields[8...] {
                    let bounds = range.split(separator: "-").compactMap { Int($0) }
                    guard let low = bounds.first else { continue }
                    if (low...(bounds.last ?? low)).contains(slot) {
                        let address = fields[1].split(separator: "@")[0]
                        return try #require(Int(address.split(separator: ":").last ?? ""))
                    }
                }
            }
            Issue.record("no primary owns slot \(slot): \(nodes.stdout)")
            return 0
        }

        /// SIGKILLs the node on `port`.
        func kill(port: Int) throws {
            let pid = try String(contentsOfFile: "\(directory)/redis-cluster/\(port)/redis.pid", encoding: .utf8)
            _ = Foundation.kill(try #require(Int32(pid.trimmingCharacters(in: .whitespacesAndNewlines))), SIGKILL)
        }

        func stop() {
            let script = Self.script
            let directory = self.directory
            // Synchronous on purpose (runs from `defer`): the script kills the nodes with SIGKILL and returns.
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [script, "redis-stop", directory]
            try? process.run()
            process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}

/// Counts of HTTP statuses seen by the load (0: no answer).
final class StatusTally: Sendable {
    private let counts = Mutex<[Int: Int]>([:])
    func record(_ status: Int) { counts.withLock { $0[status, default: 0] += 1 } }
    var snapshot: [Int: Int] { counts.withLock { $0 } }
}

/// A flag the test sets to stop its load loop.
final class StopFlag: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}
