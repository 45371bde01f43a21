import CourseDomain
import Foundation
import Logging
import Persistence
import Synchronization
import Testing

@testable import RedisAdapter

/// SPEC §8: a primary killed (SIGKILL) under load. Commands for its slots fail (callers answer from the
/// database meanwhile) until its replica is promoted and the map refreshed; then every command succeeds again,
/// and the AI budget is still shared by two clients.
@Suite(
    "Redis Cluster primary failover", .serialized, .enabled(if: RedisClusterEnvironment.canStartClusters),
    .timeLimit(.minutes(3)))
struct RedisClusterFailoverTests {
    @Test func aSubscriberWhoseOnlySeedIsKilledMovesToAnotherNode() async throws {
        try await withThrowawayRedisCluster { cluster in
            let layout = try await ClusterLayout.read(port: cluster.ports[0])
            let seed = try #require(layout.primaries.first)
            var configuration = RedisTestEnvironment.patient(
                try RedisConfiguration(url: "redis://127.0.0.1:\(seed)", clusterMode: true))
            configuration.commandTimeout = .seconds(2)
            configuration.connectTimeout = .seconds(2)
            let client = try RedisClient(configuration: configuration)
            defer { client.shutdown() }
            let channel = RedisTestEnvironment.uniqueKey("fan-out")
            let received = Mutex<Set<String>>([])
            let subscriber = RedisSubscriber(
                configuration: configuration, channels: [channel], logger: Logger(label: "test.subscriber"),
                cluster: client,
                onMessage: { _, payload in _ = received.withLock { $0.insert(String(decoding: payload, as: UTF8.self)) }
                })
            let running = Task { await subscriber.run() }
            defer { running.cancel() }
            let publisher = try RedisClusterEnvironment.client(url: cluster.url, commandTimeout: .seconds(2))
            defer { publisher.shutdown() }
            /// Publishes `prefix-N` every 100 ms until one arrives (true) or `limit` passes.
            func delivered(_ prefix: String, within limit: Duration) async throws -> Bool {
                let deadline = ContinuousClock.now + limit
                var index = 0
                while ContinuousClock.now < deadline {
                    index += 1
                    _ = try? await publisher.send("PUBLISH", .string(channel), .string("\(prefix)-\(index)"))
                    try await Task.sleep(for: .milliseconds(100))
                    if received.withLock({ $0.contains { $0.hasPrefix(prefix) } }) { return true }
                }
                return false
            }
            #expect(try await delivered("before", within: .seconds(30)))
            try cluster.kill(port: seed)
            let killed = ContinuousClock.now
            #expect(try await delivered("after", within: .seconds(60)), "the subscriber stayed on the dead seed")
            print("redis cluster: the subscriber received again \(ContinuousClock.now - killed) after its seed died")
        }
    }

    @Test func aKilledPrimaryIsReplacedAndTheCacheWorksAgain() async throws {
        try await withThrowawayRedisCluster { cluster in
            let client = try RedisClusterEnvironment.client(url: cluster.url, commandTimeout: .seconds(2))
            defer { client.shutdown() }
            let prefix = RedisTestEnvironment.uniqueKey("failover")
            let keys = (0..<30).map { "\(prefix):\($0)" }
            for key in keys { try await client.send("SET", .string(key), "v", "PX", 600_000) }
            let layout = try await ClusterLayout.read(port: cluster.ports[0])
            let victim = try #require(layout.owner[RedisHashSlot.of(keys[0])])
            let victimKeys = keys.filter { layout.owner[RedisHashSlot.of($0)] == victim }
            let otherKeys = keys.filter { layout.owner[RedisHashSlot.of($0)] != victim }

            try cluster.kill(port: victim)
            let killed = ContinuousClock.now
            // Load until every key answers again: the other primaries' keys never fail.
            var longestOutage = Duration.zero
            var outageStart: ContinuousClock.Instant?
            var recovered = false
            var otherFailures = 0
            let deadline = killed + .seconds(60)
            while ContinuousClock.now < deadline {
                var allOK = true
                for key in victimKeys + otherKeys.prefix(5) {
                    do {
                        try await client.send("SET", .string(key), "after", "PX", 600_000)
                    } catch {
                        allOK = false
                        if !victimKeys.contains(key) { otherFailures += 1 }
                    }
                }
                if allOK {
                    if let start = outageStart { longestOutage = max(longestOutage, start.duration(to: .now)) }
                    recovered = true
                    break
                }
                if outageStart == nil { outageStart = killed }
                try await Task.sleep(for: .milliseconds(50))  // pacing the load loop, not waiting for an event
            }
            #expect(recovered, "the promoted replica never served the killed primary's slots")
            // The test cluster runs with cluster-require-full-coverage no: the other primaries serve throughout.
            print("redis cluster failover: cache misses for \(longestOutage) after SIGKILL of a primary")
            #expect(longestOutage < .seconds(30))
            for key in keys {
                let value = try await client.send("GET", .string(key)).string
                #expect(value == "after" || value == "v" || value == nil)
            }
            for key in victimKeys { #expect(try await client.send("GET", .string(key)).string == "after") }
            #expect(otherFailures == 0, "keys of the other primaries failed \(otherFailures) times")

            // The budget is still enforced across two clients (a fresh window prefix: counters written just before
            // the crash may be lost with asynchronous replication).
            let other = try RedisClusterEnvironment.client(url: cluster.url, commandTimeout: .seconds(2))
            defer { other.shutdown() }
            let limits = BudgetLimits(requestsPerMinute: 4, tokensPerMinute: 1_000_000)
            let budgetPrefix = RedisTestEnvironment.uniqueKey("budget") + ":"
            let budgets = [client, other].map { RedisRateBudget(client: $0, limits: limits, keyPrefix: budgetPrefix) }
            var granted = 0
            for index in 0..<10 where try await budgets[index % 2].reserve(requests: 1, tokens: 1) == .granted {
                granted += 1
            }
            #expect(granted == 4 || granted == 8, "granted \(granted)")
        }
    }
}
