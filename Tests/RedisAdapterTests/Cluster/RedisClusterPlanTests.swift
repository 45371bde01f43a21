import Testing

@testable import RedisAdapter

@Suite("Routing plans for cluster commands")
struct RedisClusterPlanTests {
    private func keys(_ part: RedisClusterPlan.Part) -> [String] {
        part.command.arguments.dropFirst().map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func commandsGoToTheirKeysSlot() {
        let plan = RedisClusterPlan([
            RedisCommand("GET", "foo"), RedisCommand("SET", "bar", "1", "PX", 10), RedisCommand("PING"),
            RedisCommand("EVALSHA", "abc", 2, "{t}:a", "{t}:b", "x"), RedisCommand("PUBLISH", "channel", "m"),
        ])
        #expect(plan.parts.map(\.slot) == [12182, 5061, nil, RedisHashSlot.of("t"), nil])
    }

    @Test func mgetAcrossSlotsIsSplitAndJoinedInKeyOrder() {
        // foo and {foo}x share a slot; bar has another.
        let plan = RedisClusterPlan([RedisCommand("MGET", "foo", "bar", "{foo}x")])
        #expect(plan.parts.count == 2)
        #expect(keys(plan.parts[0]) == ["foo", "{foo}x"])
        #expect(keys(plan.parts[1]) == ["bar"])
        let joined = plan.join([
            .array([.bulkString([1]), .null]), .array([.bulkString([2])]),
        ])
        #expect(joined == [.array([.bulkString([1]), .bulkString([2]), .null])])
    }

    @Test func deletionsAcrossSlotsAddUp() {
        let plan = RedisClusterPlan([RedisCommand("DEL", "foo", "bar"), RedisCommand("GET", "x")])
        #expect(plan.parts.count == 3)
        #expect(plan.join([.integer(1), .integer(1), .null]) == [.integer(2), .null])
        // A part that failed fails the whole command.
        #expect(plan.join([.integer(1), .error("ERR boom"), .null]) == [.error("ERR boom"), .null])
    }

    @Test func sameSlotMultiKeyCommandsStayWhole() {
        let plan = RedisClusterPlan([RedisCommand("MGET", "{list}:gen", "{list}:page:1")])
        #expect(plan.parts.count == 1)
        #expect(plan.join([.array([.null, .null])]) == [.array([.null, .null])])
    }
}
