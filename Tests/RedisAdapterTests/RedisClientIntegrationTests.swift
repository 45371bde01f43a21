import Foundation
import Testing

@testable import RedisAdapter

@Suite("RedisClient against the plain test server", .enabled(if: RedisTestEnvironment.hasPlain))
struct RedisClientIntegrationTests {
    @Test func basicCommands() async throws {
        let client = try RedisTestEnvironment.plainClient()
        defer { client.shutdown() }
        let key = RedisTestEnvironment.uniqueKey("basic")
        #expect(try await client.send("SET", .string(key), "hello", "PX", 10_000) == .simpleString("OK"))
        #expect(try await client.send("GET", .string(key)).string == "hello")
        #expect(try await client.send("INCR", .string(key + ":n")) == .integer(1))
        #expect(try await client.send("DEL", .string(key), .string(key + ":n")) == .integer(2))
        #expect(try await client.send("GET", .string(key)) == .null)
        let array = try await client.send("EVAL", "return {1, 'two', {3}}", 0)
        #expect(array == .array([.integer(1), .bulkString(Array("two".utf8)), .array([.integer(3)])]))
        #expect(try await client.ping() < .seconds(10))  // only "answers": timings are noisy here
    }

    @Test func valuesAreBinarySafe() async throws {
        let client = try RedisTestEnvironment.plainClient()
        defer { client.shutdown() }
        let key = RedisTestEnvironment.uniqueKey("binary")
        let everyByte = (0...255).map(UInt8.init) + Array("\r\n$-1\r\n*3\r\n".utf8)
        try await client.send("SET", .string(key), .bytes(everyByte), "PX", 10_000)
        #expect(try await client.send("GET", .string(key)) == .bulkString(everyByte))
        let large = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try await client.send("SET", .string(key), .bytes(large), "PX", 10_000)
        #expect(try await client.send("GET", .string(key)).bytes == large)
        try await client.send("SET", .string(key), .bytes([]), "PX", 10_000)
        #expect(try await client.send("GET", .string(key)) == .bulkString([]))
    }

    @Test func serverErrorsAreThrownAndPoolStaysUsable() async throws {
        let client = try RedisTestEnvironment.plainClient(poolSize: 1)
        defer { client.shutdown() }
        await #expect {
            try await client.send("NOSUCHCOMMAND", "x")
        } throws: { ($0 as? RedisError)?.code == .serverError }
        #expect(try await client.send("PING") == .simpleString("PONG"))
    }

    @Test func pipelinesManyCommandsOnOneConnection() async throws {
        let client = try RedisTestEnvironment.plainClient(poolSize: 1)
        defer { client.shutdown() }
        let key = RedisTestEnvironment.uniqueKey("pipeline")
        var commands = (0..<1000).map { RedisCommand("RPUSH", .string(key), .int($0)) }
        commands.append(RedisCommand("LLEN", .string(key)))
        commands.append(RedisCommand("GET", .string(key)))  // WRONGTYPE: an error reply inside the pipeline
        commands.append(RedisCommand("DEL", .string(key)))
        let replies = try await client.pipeline(commands)
        #expect(replies.count == 1003)
        #expect(replies[0] == .integer(1))
        #expect(replies[999] == .integer(1000))
        #expect(replies[1000] == .integer(1000))
        #expect(replies[1001].isError)
        #expect(replies[1002] == .integer(1))
        #expect(client.poolStatistics.open == 1)
    }

    @Test func thePoolIsBoundedUnderConcurrency() async throws {
        let client = try RedisTestEnvironment.plainClient(poolSize: 3)
        defer { client.shutdown() }
        let key = RedisTestEnvironment.uniqueKey("concurrent")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    for _ in 0..<20 { try await client.send("INCR", .string(key)) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await client.send("GET", .string(key)).integer == 1280)
        #expect(client.poolStatistics.open <= 3)
        try await client.send("DEL", .string(key))
    }

    @Test func aCommandTimeoutClosesOnlyThatConnection() async throws {
        var configuration = RedisTestEnvironment.patient(
            try RedisConfiguration(url: RedisTestEnvironment.plainURL ?? ""))
        configuration.commandTimeout = .milliseconds(200)
        configuration.poolSize = 1
        let client = try RedisClient(configuration: configuration)
        defer { client.shutdown() }
        await #expect {
            try await client.send("BLPOP", .string(RedisTestEnvironment.uniqueKey("never")), 2)
        } throws: { ($0 as? RedisError)?.code == .commandTimeout }
        #expect(try await client.send("PING") == .simpleString("PONG"))
    }
}
