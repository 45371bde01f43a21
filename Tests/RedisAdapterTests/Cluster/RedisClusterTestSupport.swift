import Foundation
import Glibc
import ProcessTestSupport
import Synchronization

@testable import RedisAdapter

/// The Redis Cluster of the test services (scripts/scale-out.sh, started by scripts/test-services.sh in CI).
enum RedisClusterEnvironment {
    static var url: String? { ProcessInfo.processInfo.environment["COURSED_TEST_REDIS_CLUSTER_URL"] }
    static var hasCluster: Bool { url != nil }
    /// Whether the tests may start clusters of their own (to kill nodes): redis-server and the script exist.
    static var canStartClusters: Bool { hasCluster && FileManager.default.isExecutableFile(atPath: script) }

    /// scripts/scale-out.sh of this checkout.
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/scale-out.sh")
            .path
    }

    /// A cluster client of `url` with patient timeouts (a loaded 2-core CI machine).
    static func client(url: String, commandTimeout: Duration = .seconds(10)) throws -> RedisClient {
        var configuration = RedisTestEnvironment.patient(try RedisConfiguration(url: url, clusterMode: true))
        configuration.commandTimeout = commandTimeout
        return try RedisClient(configuration: configuration)
    }

    /// A single-node client of one cluster node (for CLUSTER commands aimed at that node).
    static func nodeClient(port: Int) throws -> RedisClient {
        try RedisTestEnvironment.patientClient(url: "redis://127.0.0.1:\(port)")
    }

    /// The ports of the nodes named by a seed list.
    static func ports(of url: String) -> [Int] {
        url.split(separator: ",").compactMap { Int($0.split(separator: ":").last ?? "") }
    }
}

/// A 3-primary + 3-replica cluster of the test's own (scripts/scale-out.sh redis-start), to kill nodes of.
final class ThrowawayRedisCluster: Sendable {
    let directory: URL
    let url: String
    let ports: [Int]

    private init(directory: URL, url: String, ports: [Int]) {
        self.directory = directory
        self.url = url
        self.ports = ports
    }

    /// Starts a cluster and waits until every node sees it healthy (the script bounds the wait).
    static func start() async throws -> ThrowawayRedisCluster {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "coursed-cluster-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = try await TestProcess.run(
            "/bin/bash", arguments: [RedisClusterEnvironment.script, "redis-start", directory.path])
        guard output.status == 0 else {
            throw RedisError(.connectionFailed, "scale-out.sh redis-start failed: \(output.stderr)")
        }
        let env = try String(contentsOf: directory.appendingPathComponent("redis-cluster/env"), encoding: .utf8)
        guard let line = env.split(separator: "\n").first(where: { $0.contains("CLUSTER_URL=") }),
            let value = line.split(separator: "=", maxSplits: 1).last
        else { throw RedisError(.connectionFailed, "no cluster URL in \(env)") }
        let url = value.trimmingCharacters(in: CharacterSet(charactersIn: "'"))
        return ThrowawayRedisCluster(directory: directory, url: url, ports: RedisClusterEnvironment.ports(of: url))
    }

    /// SIGKILLs the node on `port`, as a crash would.
    func kill(port: Int) throws {
        let pidFile = directory.appendingPathComponent("redis-cluster/\(port)/redis.pid")
        let text = try String(contentsOf: pidFile, encoding: .utf8)
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw RedisError(.protocolError, "no pid in \(pidFile.path)")
        }
        Glibc.kill(pid, SIGKILL)
    }

    /// Stops every node and removes the directory.
    func stop() async {
        _ = try? await TestProcess.run(
            "/bin/bash", arguments: [RedisClusterEnvironment.script, "redis-stop", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` with a throwaway cluster, stopped afterwards whatever happens.
func withThrowawayRedisCluster<T>(_ body: (ThrowawayRedisCluster) async throws -> T) async throws -> T {
    let cluster = try await ThrowawayRedisCluster.start()
    do {
        let result = try await body(cluster)
        await cluster.stop()
        return result
    } catch {
        await cluster.stop()
        throw error
    }
}

/// Which node serves which slot, asked of one node with CLUSTER SHARDS through a single-node client.
struct ClusterLayout {
    /// Port of the primary serving each slot.
    var owner: [Int: Int] = [:]
    var primaries: [Int] = []
    var nodeIDs: [Int: String] = [:]

    static func read(port: Int) async throws -> ClusterLayout {
        let client = try RedisClusterEnvironment.nodeClient(port: port)
        defer { client.shutdown() }
        let reply = try await client.send("CLUSTER", "SHARDS")
        let map = try RedisClusterSlotMap(
            shards: reply, queried: RedisNodeAddress(host: "127.0.0.1", port: port), tls: false)
        var layout = ClusterLayout()
        layout.primaries = map.primaries.map(\.port)
        for slot in 0..<RedisHashSlot.count { layout.owner[slot] = map.primary(forSlot: slot)?.port }
        for primary in layout.primaries {
            let node = try RedisClusterEnvironment.nodeClient(port: primary)
            layout.nodeIDs[primary] = try await node.send("CLUSTER", "MYID").string
            node.shutdown()
        }
        return layout
    }
}

/// What a load loop saw: reads done and failures, and a flag to stop it.
final class LoadOutcomes: Sendable {
    private let state = Mutex((reads: 0, failures: [String](), stopped: false))

    var stopped: Bool { state.withLock { $0.stopped } }
    var snapshot: (reads: Int, failures: [String]) { state.withLock { ($0.reads, $0.failures) } }

    func stop() { state.withLock { $0.stopped = true } }

    /// One read, failed when `failure` is given.
    func record(_ failure: String?) {
        state.withLock { state in
            state.reads += 1
            if let failure { state.failures.append(failure) }
        }
    }
}
