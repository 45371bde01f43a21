import Foundation
import Testing

@testable import RedisAdapter

@Suite(
    "RedisClient against a throwaway redis-server: AUTH, SELECT, restart, circuit breaker",
    .enabled(if: RedisTestEnvironment.canStartServers), .serialized)
struct RedisRecoveryTests {
    @Test func authenticatesAndSelectsTheDatabase() async throws {
        let arguments = ["--requirepass", "top-secret", "--user", "app", "on", ">app-pass", "~*", "+@all"]
        try await withThrowawayRedis(arguments: arguments) { server in
            let password = try RedisTestEnvironment.patientClient(url: "redis://:top-secret@127.0.0.1:\(server.port)/3")
            defer { password.shutdown() }
            try await password.send("SET", "where", "db3")
            let acl = try RedisTestEnvironment.patientClient(url: "redis://app:app-pass@127.0.0.1:\(server.port)/3")
            defer { acl.shutdown() }
            #expect(try await acl.send("GET", "where").string == "db3")
            #expect(try await acl.send("ACL", "WHOAMI").string == "app")
            let otherDB = try RedisTestEnvironment.patientClient(url: "redis://:top-secret@127.0.0.1:\(server.port)/4")
            defer { otherDB.shutdown() }
            #expect(try await otherDB.send("GET", "where") == .null)

            let wrong = try RedisTestEnvironment.patientClient(url: "redis://:wrong-password@127.0.0.1:\(server.port)")
            defer { wrong.shutdown() }
            await #expect {
                try await wrong.send("PING")
            } throws: { error in
                let error = error as? RedisError
                return error?.code == .authenticationFailed && !(error?.message.contains("wrong-password") ?? true)
            }
            let none = try RedisTestEnvironment.patientClient(url: server.url)
            defer { none.shutdown() }
            await #expect {
                try await none.send("PING")
            } throws: { ($0 as? RedisError)?.code == .authenticationFailed }
        }
    }

    @Test func reconnectsAfterARestart() async throws {
        try await withThrowawayRedis { server in
            let client = try RedisTestEnvironment.patientClient(url: server.url)
            defer { client.shutdown() }
            try await client.send("SET", "k", "before")
            _ = try await client.pipeline([RedisCommand("PING"), RedisCommand("PING")])

            await server.stop()
            await #expect(throws: RedisError.self) { try await client.send("PING") }

            try await server.start()
            #expect(try await client.send("PING") == .simpleString("PONG"))
            #expect(try await client.send("GET", "k") == .null)  // a new, empty server
            #expect(client.circuitState == .closed)
        }
    }

    @Test func theBreakerFailsFastWhileRedisHangsAndClosesWhenItIsBack() async throws {
        try await withThrowawayRedis { server in
            let time = ManualTime()
            var configuration = try RedisConfiguration(url: server.url)
            configuration.connectTimeout = .seconds(1)
            configuration.commandTimeout = .seconds(1)
            configuration.breakerFailureThreshold = 2
            configuration.breakerCoolDown = .seconds(30)
            let client = try RedisClient(configuration: configuration, now: { time.now })
            defer { client.shutdown() }

            server.pause(true)  // accepts TCP, never answers: every new connection costs the connect timeout
            let clock = ContinuousClock()
            for _ in 0..<2 {
                await #expect(throws: RedisError.self) { try await client.send("PING") }
            }
            #expect(client.circuitState == .open)
            let started = clock.now
            await #expect {
                try await client.send("PING")
            } throws: { ($0 as? RedisError)?.code == .circuitOpen }
            // Far below the 1 s a call that reached the hung server would cost (a wide margin: timings are noisy).
            #expect(started.duration(to: clock.now) < .milliseconds(500))

            server.pause(false)
            // Still within the cool-down: fail fast even though Redis answers again.
            await #expect {
                try await client.send("PING")
            } throws: { ($0 as? RedisError)?.code == .circuitOpen }
            time.advance(.seconds(31))
            #expect(try await client.send("PING") == .simpleString("PONG"))
            #expect(client.circuitState == .closed)
        }
    }

    @Test func theBreakerOpensWhenRedisIsDownAndClosesWhenItIsBack() async throws {
        try await withThrowawayRedis { server in
            let time = ManualTime()
            var configuration = try RedisConfiguration(url: server.url)
            configuration.breakerFailureThreshold = 3
            configuration.breakerCoolDown = .seconds(5)
            let client = try RedisClient(configuration: configuration, now: { time.now })
            defer { client.shutdown() }
            #expect(try await client.send("PING") == .simpleString("PONG"))

            await server.stop()
            var codes: [RedisError.Code] = []
            for _ in 0..<10 where codes.last != .circuitOpen {
                do { try await client.send("PING") } catch {
                    codes.append((error as? RedisError)?.code ?? .protocolError)
                }
            }
            // Exactly `threshold` refused connections (a pooled connection may first fail as closed), then fail-fast.
            #expect(codes.filter { $0 == .connectionFailed }.count == 3)
            #expect(codes.last == .circuitOpen)
            #expect(client.circuitState == .open)
            await #expect {
                try await client.send("PING")
            } throws: { ($0 as? RedisError)?.code == .circuitOpen }

            try await server.start()
            time.advance(.seconds(6))
            #expect(try await client.send("PING") == .simpleString("PONG"))
            #expect(client.circuitState == .closed)
        }
    }
}
