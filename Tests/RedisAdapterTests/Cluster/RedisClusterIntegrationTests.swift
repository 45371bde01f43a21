import CourseDomain
import Foundation
import HealthKitCore
import Persistence
import Testing

@testable import RedisAdapter

@Suite("Redis Cluster client against a real cluster", .enabled(if: RedisClusterEnvironment.hasCluster))
struct RedisClusterIntegrationTests {
    private var url: String { RedisClusterEnvironment.url ?? "" }

    @Test func keysSpreadOverEveryPrimaryAndReadBack() async throws {
        let client = try RedisClusterEnvironment.client(url: url)
        defer { client.shutdown() }
        let prefix = RedisTestEnvironment.uniqueKey("spread")
        var slots = Set<Int>()
        for index in 0..<60 {
            let key = "\(prefix):\(index)"
            slots.insert(RedisHashSlot.of(key))
            try await client.send("SET", .string(key), .string("v\(index)"), "PX", 60_000)
        }
        for index in 0..<60 {
            #expect(try await client.send("GET", .string("\(prefix):\(index)")).string == "v\(index)")
        }
        // The server agrees with our slot of each key.
        for index in [0, 17, 59] {
            let key = "\(prefix):\(index)"
            #expect(try await client.send("CLUSTER", "KEYSLOT", .string(key)).integer == RedisHashSlot.of(key))
        }
        let layout = try await ClusterLayout.read(port: RedisClusterEnvironment.ports(of: url)[0])
        let owners = Set(slots.compactMap { layout.owner[$0] })
        #expect(owners.count == 3, "60 keys should land on all three primaries")
        #expect(try await client.ping() > .zero)
        #expect(client.circuitState == .closed)
    }

    @Test func multiKeyCommandsAcrossSlotsAreSplitAndJoined() async throws {
        let client = try RedisClusterEnvironment.client(url: url)
        defer { client.shutdown() }
        let prefix = RedisTestEnvironment.uniqueKey("multi")
        let keys = (0..<12).map { "\(prefix):\($0)" }
        #expect(Set(keys.map(RedisHashSlot.of)).count > 1)
        for key in keys where key.hasSuffix("0") == false {
            try await client.send("SET", .string(key), .string(key), "PX", 60_000)
        }
        let store = CacheRedisStore(client: client)
        let values = try await store.getMany(keys)
        #expect(
            values.map { $0.map { String(decoding: $0, as: UTF8.self) } } == keys.map { $0.hasSuffix("0") ? nil : $0 })
        let deleted = try await client.send(RedisCommand("DEL", arguments: keys.map { .string($0) })).integer
        #expect(deleted == keys.count - keys.filter { $0.hasSuffix("0") }.count)
        #expect(try await store.getMany(keys).allSatisfy { $0 == nil })
    }

    /// A listing's generation and pages share one hash tag, so one MGET reads them together from one node.
    @Test func taggedKeysShareOneNodeAndOneRoundTrip() async throws {
        let client = try RedisClusterEnvironment.client(url: url)
        defer { client.shutdown() }
        let tag = "{\(RedisTestEnvironment.uniqueKey("ns")):list}"
        try await client.send("SET", .string("\(tag):gen"), "7", "PX", 60_000)
        try await client.send("SET", .string("\(tag):page:7:abc"), "page", "PX", 60_000)
        let reply = try await client.send(RedisCommand("MGET", .string("\(tag):gen"), .string("\(tag):page:7:abc")))
        #expect(reply == .array([.bulkString(Array("7".utf8)), .bulkString(Array("page".utf8))]))
    }

    @Test func theAIBudgetScriptRunsOnTheCluster() async throws {
        let one = try RedisClusterEnvironment.client(url: url)
        let two = try RedisClusterEnvironment.client(url: url)
        defer {
            one.shutdown()
            two.shutdown()
        }
        let prefix = RedisTestEnvironment.uniqueKey("budget") + ":"
        let limits = BudgetLimits(requestsPerMinute: 5, tokensPerMinute: 1_000_000)
        let budgets = [one, two].map { RedisRateBudget(client: $0, limits: limits, keyPrefix: prefix) }
        var granted = 0
        let firstMinute = Int(Date().timeIntervalSince1970 / 60)
        for index in 0..<12 {
            if try await budgets[index % 2].reserve(requests: 1, tokens: 10) == .granted { granted += 1 }
        }
        let minuteTurned = Int(Date().timeIntervalSince1970 / 60) != firstMinute
        // Two instances share one budget: 5 in one window; if the minute turned during the loop, the second
        // window grants some more, never more than its own 5.
        #expect(granted == 5 || (minuteTurned && (6...10).contains(granted)), "granted \(granted)")
    }

    /// Login throttling's keys (an email's and an address's) live on different nodes: every failure is counted.
    @Test func loginFailuresAreCountedAcrossNodes() async throws {
        let client = try RedisClusterEnvironment.client(url: url)
        defer { client.shutdown() }
        let prefix = RedisTestEnvironment.uniqueKey("login") + ":"
        let keys: [LoginFailureKey] = [.email("ann@example.com"), .address("192.0.2.1")]
        #expect(
            RedisHashSlot.of(prefix + keys[0].storageKey) != RedisHashSlot.of(prefix + keys[1].storageKey),
            "the test needs keys of two slots")
        let store = LoginFailureRedisStore(client: client, keyPrefix: prefix)
        let now = Date(timeIntervalSince1970: 1_000_000)
        for second in 0..<3 {
            try await store.recordFailure(
                at: now.addingTimeInterval(Double(second)), keys, forgettingUpTo: now.addingTimeInterval(-900))
        }
        let failures = try await store.failures(keys, since: now.addingTimeInterval(-900))
        #expect(failures.map(\.count) == [3, 3])
        try await store.clear(keys[0])
        #expect(try await store.failures(keys, since: now.addingTimeInterval(-900)).map(\.count) == [0, 3])
    }

    /// SPEC §8: a slot migrated between primaries (`SETSLOT MIGRATING/IMPORTING` + `MIGRATE`): the client follows
    /// `ASK` while the slot moves and `MOVED` once it has moved.
    @Test func aMigratingSlotIsFollowedThroughAskAndMoved() async throws {
        let seedPort = RedisClusterEnvironment.ports(of: url)[0]
        let layout = try await ClusterLayout.read(port: seedPort)
        let key = "{\(RedisTestEnvironment.uniqueKey("migrate"))}:moved"
        let other = key.replacingOccurrences(of: ":moved", with: ":stays")
        let slot = RedisHashSlot.of(key)
        let source = try #require(layout.owner[slot])
        let target = try #require(layout.primaries.first { $0 != source })
        let sourceID = try #require(layout.nodeIDs[source])
        let targetID = try #require(layout.nodeIDs[target])
        let client = try RedisClusterEnvironment.client(url: url)
        let sourceNode = try RedisClusterEnvironment.nodeClient(port: source)
        let targetNode = try RedisClusterEnvironment.nodeClient(port: target)
        defer {
            client.shutdown()
            sourceNode.shutdown()
            targetNode.shutdown()
        }
        try await client.send("SET", .string(key), "before", "PX", 60_000)
        try await client.send("SET", .string(other), "here", "PX", 60_000)
        // Load on the slot during the whole move: every read must succeed.
        let loadClient = try RedisClusterEnvironment.client(url: url)
        defer { loadClient.shutdown() }
        let outcomes = LoadOutcomes()
        async let load: Void = {
            while !outcomes.stopped {
                for name in [key, other] {
                    do {
                        let value = try await loadClient.send("GET", .string(name))
                        outcomes.record(value == .null ? "\(name) missing" : nil)
                    } catch {
                        outcomes.record("\(error)")
                    }
                }
            }
        }()

        try await targetNode.send("CLUSTER", "SETSLOT", .int(slot), "IMPORTING", .string(sourceID))
        try await sourceNode.send("CLUSTER", "SETSLOT", .int(slot), "MIGRATING", .string(targetID))
        try await sourceNode.send("MIGRATE", "127.0.0.1", .int(target), .string(key), 0, 5000)
        // The key has left the source: the source answers ASK, the client asks the target.
        #expect(try await client.send("GET", .string(key)).string == "before")
        #expect(try await client.send("GET", .string(other)).string == "here")
        try await client.send("SET", .string(key), "during", "PX", 60_000)
        #expect(try await targetNode.send(RedisCommand("ASKING")).string == "OK")

        // Finish the move (the remaining key too): every node learns the new owner; the old one answers MOVED.
        try await sourceNode.send("MIGRATE", "127.0.0.1", .int(target), .string(other), 0, 5000)
        for port in layout.primaries {
            let node = try RedisClusterEnvironment.nodeClient(port: port)
            try await node.send("CLUSTER", "SETSLOT", .int(slot), "NODE", .string(targetID))
            node.shutdown()
        }
        #expect(try await client.send("GET", .string(key)).string == "during")
        #expect(try await client.send("GET", .string(other)).string == "here")
        // The source no longer has the key: it redirects.
        await #expect(throws: RedisError.self) { try await sourceNode.send("GET", .string(key)) }
        outcomes.stop()
        await load
        let seen = outcomes.snapshot
        #expect(seen.reads > 0)
        #expect(seen.failures.isEmpty, "\(seen.failures.prefix(5))")
    }

    @Test func severalSeedsNeedClusterMode() throws {
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://a:7000,redis://b:7001") }
        let configuration = try RedisConfiguration(url: "redis://a:7000, redis://b:7001", clusterMode: true)
        #expect(configuration.seeds.map(\.port) == [7000, 7001])
        #expect(throws: RedisError.self) {
            try RedisConfiguration(url: "redis://a:7000,rediss://b:7001", clusterMode: true)
        }
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://a:7000/2", clusterMode: true) }
    }
}

@Suite("Cluster mode against a server that is not a cluster", .enabled(if: RedisTestEnvironment.hasPlain))
struct RedisNotAClusterTests {
    @Test func itIsNeverUsedAsASingleNode() async throws {
        var configuration = RedisTestEnvironment.patient(
            try RedisConfiguration(url: RedisTestEnvironment.plainURL ?? "", clusterMode: true))
        configuration.commandTimeout = .seconds(10)
        let client = try RedisClient(configuration: configuration)
        defer { client.shutdown() }
        let key = RedisTestEnvironment.uniqueKey("not-a-cluster")
        for _ in 0..<2 {
            await #expect {
                try await client.send("SET", .string(key), "x")
            } throws: { error in
                (error as? RedisError)?.code == .notACluster
            }
        }
        let health = try await RedisHealthCheck(client: client).check()
        #expect(health.status == .unhealthy)
        #expect(health.error == "not_a_cluster")
        // Nothing was written to the single server.
        let plain = try RedisTestEnvironment.plainClient()
        defer { plain.shutdown() }
        #expect(try await plain.send("GET", .string(key)) == .null)
    }
}
