import Foundation
import Testing

@testable import RedisAdapter

@Suite("RedisClient over TLS (rediss://)", .enabled(if: RedisTestEnvironment.hasTLS))
struct RedisTLSTests {
    @Test func commandsAndPipelinesOverTLS() async throws {
        let client = try RedisTestEnvironment.tlsClient()
        defer { client.shutdown() }
        let key = RedisTestEnvironment.uniqueKey("tls")
        let value = (0...255).map(UInt8.init)
        try await client.send("SET", .string(key), .bytes(value), "PX", 10_000)
        #expect(try await client.send("GET", .string(key)).bytes == value)
        let replies = try await client.pipeline((0..<200).map { _ in RedisCommand("INCR", .string(key + ":n")) })
        #expect(replies.last == .integer(200))
        try await client.send("DEL", .string(key), .string(key + ":n"))
    }

    @Test func theSystemTrustStoreDoesNotTrustTheTestCA() async throws {
        let client = try RedisClient(
            configuration: RedisTestEnvironment.patient(try RedisConfiguration(url: RedisTestEnvironment.tlsURL ?? "")))
        defer { client.shutdown() }
        await #expect {
            try await client.send("PING")
        } throws: { ($0 as? RedisError)?.code == .tlsFailed }
    }

    @Test func theHostNameIsVerified() async throws {
        // The certificate names only `localhost`; the same server reached as 127.0.0.1 must be refused.
        let url = try #require(RedisTestEnvironment.tlsURL).replacingOccurrences(of: "localhost", with: "127.0.0.1")
        let client = try RedisClient(
            configuration: RedisTestEnvironment.patient(
                try RedisConfiguration(url: url, tlsCAFile: RedisTestEnvironment.tlsCAFile)))
        defer { client.shutdown() }
        await #expect {
            try await client.send("PING")
        } throws: { ($0 as? RedisError)?.code == .tlsFailed }
    }

    @Test func plainTextToATLSPortFails() async throws {
        let url = try #require(RedisTestEnvironment.tlsURL).replacingOccurrences(of: "rediss://", with: "redis://")
        var configuration = try RedisConfiguration(url: url)
        configuration.connectTimeout = .milliseconds(500)
        let client = try RedisClient(configuration: configuration)
        defer { client.shutdown() }
        await #expect(throws: RedisError.self) { try await client.send("PING") }
    }
}
