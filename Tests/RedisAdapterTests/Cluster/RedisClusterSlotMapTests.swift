import Testing

@testable import RedisAdapter

@Suite("Redis Cluster slot maps from CLUSTER SHARDS and CLUSTER SLOTS")
struct RedisClusterSlotMapTests {
    private let queried = RedisNodeAddress(host: "10.0.0.9", port: 7000)

    private func node(_ fields: [(String, RESPValue)]) -> RESPValue {
        .array(fields.flatMap { [RESPValue.bulkString(Array($0.0.utf8)), $0.1] })
    }

    private func text(_ string: String) -> RESPValue { .bulkString(Array(string.utf8)) }

    @Test func shardsPickTheOnlinePrimaryOfEachShard() throws {
        let reply = RESPValue.array([
            node([
                ("slots", .array([.integer(0), .integer(5460)])),
                (
                    "nodes",
                    .array([
                        node([
                            ("id", text("a")), ("port", .integer(7001)), ("ip", text("127.0.0.1")),
                            ("endpoint", text("127.0.0.1")), ("role", text("replica")), ("health", text("online")),
                        ]),
                        node([
                            ("id", text("b")), ("port", .integer(7000)), ("ip", text("127.0.0.1")),
                            ("endpoint", text("127.0.0.1")), ("role", text("master")), ("health", text("online")),
                        ]),
                    ])
                ),
            ]),
            node([
                ("slots", .array([.integer(5461), .integer(10922), .integer(16000), .integer(16383)])),
                (
                    "nodes",
                    .array([
                        node([
                            ("port", .integer(7002)), ("tls-port", .integer(8002)), ("ip", text("127.0.0.2")),
                            ("endpoint", text("?")), ("role", text("master")), ("health", text("online")),
                        ])
                    ])
                ),
            ]),
            // A shard whose primary failed and whose replica is not promoted yet serves nothing.
            node([
                ("slots", .array([.integer(10923), .integer(15999)])),
                (
                    "nodes",
                    .array([
                        node([
                            ("port", .integer(7004)), ("ip", text("127.0.0.4")), ("role", text("master")),
                            ("health", text("failed")),
                        ])
                    ])
                ),
            ]),
        ])
        let map = try RedisClusterSlotMap(shards: reply, queried: queried, tls: false)
        #expect(map.primary(forSlot: 0) == RedisNodeAddress(host: "127.0.0.1", port: 7000))
        #expect(map.primary(forSlot: 5460) == RedisNodeAddress(host: "127.0.0.1", port: 7000))
        #expect(map.primary(forSlot: 5461) == RedisNodeAddress(host: "127.0.0.2", port: 7002))
        #expect(map.primary(forSlot: 16383) == RedisNodeAddress(host: "127.0.0.2", port: 7002))
        #expect(map.primary(forSlot: 12000) == nil)
        #expect(map.coveredSlots == 16384 - (15999 - 10923 + 1))
        #expect(map.primaries.count == 2)

        let secure = try RedisClusterSlotMap(shards: reply, queried: queried, tls: true)
        #expect(secure.primary(forSlot: 6000) == RedisNodeAddress(host: "127.0.0.2", port: 8002))
    }

    @Test func slotsReplyOfOlderServers() throws {
        let reply = RESPValue.array([
            .array([.integer(0), .integer(8191), .array([text("127.0.0.1"), .integer(7000), text("id1")])]),
            .array([
                .integer(8192), .integer(16383), .array([text(""), .integer(7001), text("id2")]),
                .array([text("127.0.0.1"), .integer(7004), text("id5")]),
            ]),
        ])
        let map = try RedisClusterSlotMap(slots: reply, queried: queried)
        #expect(map.primary(forSlot: 100) == RedisNodeAddress(host: "127.0.0.1", port: 7000))
        // An empty host means "the node you asked".
        #expect(map.primary(forSlot: 9000) == RedisNodeAddress(host: "10.0.0.9", port: 7001))
        #expect(map.coveredSlots == 16384)
    }

    @Test func movedUpdatesOneSlotAndForgetsPrimariesLeftWithout() {
        var map = RedisClusterSlotMap()
        let a = RedisNodeAddress(host: "a", port: 1)
        let b = RedisNodeAddress(host: "b", port: 2)
        map.assign(0...0, to: a)
        map.assign(1...16383, to: b)
        map.assign(0...0, to: b)
        #expect(map.primary(forSlot: 0) == b)
        #expect(map.primaries == [b])
    }

    /// A refresh read from a node that has not learnt of a promotion yet keeps the slots' known owners, except
    /// a primary that node reports as failed.
    @Test func aRefreshLackingSlotsKeepsTheirOwnersUnlessReportedFailed() throws {
        let promoted = RedisNodeAddress(host: "127.0.0.1", port: 7003)
        let dead = RedisNodeAddress(host: "127.0.0.1", port: 7004)
        let alive = RedisNodeAddress(host: "127.0.0.1", port: 7000)
        var previous = RedisClusterSlotMap()
        previous.assign(0...5460, to: alive)
        previous.assign(5461...10922, to: promoted)
        previous.assign(10923...16383, to: dead)
        func shard(_ slots: ClosedRange<Int>, port: Int, health: String) -> RESPValue {
            node([
                ("slots", .array([.integer(slots.lowerBound), .integer(slots.upperBound)])),
                (
                    "nodes",
                    .array([
                        node([
                            ("port", .integer(port)), ("ip", text("127.0.0.1")), ("role", text("master")),
                            ("health", text(health)),
                        ])
                    ])
                ),
            ])
        }
        // The node asked still sees the promoted replica's old primary (port 7001) as the failed master of
        // 5461...10922, and reports 7004 as failed too.
        let stale = try RedisClusterSlotMap(
            shards: .array([
                shard(0...5460, port: 7000, health: "online"), shard(5461...10922, port: 7001, health: "failed"),
                shard(10923...16383, port: 7004, health: "failed"),
            ]),
            queried: queried, tls: false)
        #expect(stale.primary(forSlot: 6000) == nil)
        #expect(stale.failedPrimaries == [RedisNodeAddress(host: "127.0.0.1", port: 7001), dead])

        let merged = stale.keepingOwners(of: previous)
        #expect(merged.primary(forSlot: 0) == alive)
        #expect(merged.primary(forSlot: 5461) == promoted)
        #expect(merged.primary(forSlot: 10922) == promoted)
        #expect(merged.primary(forSlot: 10923) == nil, "a primary reported as failed is not kept")
        #expect(merged.coveredSlots == 10923)
        #expect(Set(merged.primaries) == [alive, promoted])
        #expect(merged.keptSlots.count == 10922 - 5461 + 1)
        // Kept for one refresh only: a second map that still lacks the slots leaves them unserved.
        let again = stale.keepingOwners(of: merged)
        #expect(again.primary(forSlot: 6000) == nil)
        #expect(again.keptSlots.isEmpty)
        // A MOVED for a kept slot makes it learnt again.
        var redirected = merged
        redirected.assign(6000...6000, to: promoted)
        #expect(!redirected.keptSlots.contains(6000))
        #expect(stale.keepingOwners(of: redirected).primary(forSlot: 6000) == promoted)
        // What the fresh map says wins over the previous one.
        var moved = RedisClusterSlotMap()
        moved.assign(0...16383, to: alive)
        #expect(moved.keepingOwners(of: previous).primaries == [alive])
    }

    @Test func malformedRepliesAreErrors() {
        #expect(throws: RedisError.self) { try RedisClusterSlotMap(shards: .integer(1), queried: queried, tls: false) }
        #expect(throws: RedisError.self) {
            try RedisClusterSlotMap(slots: .array([.array([.integer(5), .integer(1)])]), queried: queried)
        }
    }
}
