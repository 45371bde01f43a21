import Testing

@testable import RedisAdapter

@Suite("Redis URLs, command encoding and the circuit breaker (no server)")
struct RedisEndpointTests {
    @Test func parsesPlainAndTLSURLs() throws {
        let plain = try RedisEndpoint(url: "redis://127.0.0.1:6380")
        #expect(plain == RedisEndpoint(host: "127.0.0.1", port: 6380))
        let tls = try RedisEndpoint(url: "rediss://:s3cr%40t@cache.example.com/2")
        #expect(tls.useTLS)
        #expect(tls.host == "cache.example.com")
        #expect(tls.port == 6379)
        #expect(tls.username == nil)
        #expect(tls.password == "s3cr@t")
        #expect(tls.database == 2)
        let acl = try RedisEndpoint(url: "redis://app:pw@[::1]:7000/0")
        #expect(acl.host == "::1")
        #expect(acl.username == "app")
        #expect(acl.password == "pw")
        #expect(try RedisEndpoint(url: "redis://onlypassword@localhost").password == "onlypassword")
    }

    @Test func refusesBadURLsWithoutEchoingThem() {
        for url in ["http://x:pw@host", "redis://", "redis://host/notanumber", "redis://host:99999", "not a url"] {
            #expect {
                _ = try RedisEndpoint(url: url)
            } throws: { error in
                let redisError = error as? RedisError
                return redisError?.code == .invalidURL && !(redisError?.message.contains("pw") ?? true)
            }
        }
    }

    @Test func redactedDescriptionHasNoCredentials() throws {
        let endpoint = try RedisEndpoint(url: "rediss://user:hunter2@localhost:6390/3")
        #expect(endpoint.redactedDescription == "rediss://localhost:6390/3")
    }

    @Test func encodesCommandsBinarySafely() throws {
        let bytes = try RESPCommandEncoder.bytes(of: RedisCommand("SET", "k", .bytes([0, 13, 10, 255])))
        let expected: [UInt8] = Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$4\r\n".utf8) + [0, 13, 10, 255] + [13, 10]
        #expect(bytes == expected)
        let empty = try RESPCommandEncoder.bytes(of: RedisCommand("ECHO", .bytes([])))
        #expect(empty == Array("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n".utf8))
    }

    @Test func breakerOpensAfterThresholdThenLetsOneProbeThrough() {
        let time = ManualTime()
        let breaker = CircuitBreaker(failureThreshold: 3, coolDown: .seconds(5), now: { time.now })
        for _ in 0..<2 {
            let permit = breaker.permit()
            #expect(permit == .normal)
            breaker.record(success: false, permit: .normal)
        }
        #expect(breaker.current == .closed)
        breaker.record(success: false, permit: .normal)
        #expect(breaker.current == .open)
        #expect(breaker.permit() == nil)
        time.advance(.seconds(5))
        #expect(breaker.permit() == .probe)
        #expect(breaker.current == .halfOpen)
        #expect(breaker.permit() == nil)  // one probe at a time
        breaker.record(success: false, permit: .probe)
        #expect(breaker.current == .open)
        time.advance(.seconds(5))
        #expect(breaker.permit() == .probe)
        breaker.record(success: true, permit: .probe)
        #expect(breaker.current == .closed)
        #expect(breaker.permit() == .normal)
    }

    @Test func aMissingCAFileFailsAtStartUp() {
        #expect {
            _ = try RedisClient(
                configuration: try RedisConfiguration(url: "rediss://localhost:1", tlsCAFile: "/nonexistent/ca.pem"))
        } throws: { ($0 as? RedisError)?.code == .tlsFailed }
    }
}
