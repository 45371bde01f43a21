import Testing

@testable import RedisAdapter

@Suite("Redis Cluster redirection replies")
struct RedisRedirectionTests {
    @Test func movedAndAsk() {
        #expect(
            RedisRedirection(errorReply: "MOVED 3999 127.0.0.1:6381")
                == .moved(slot: 3999, node: RedisNodeAddress(host: "127.0.0.1", port: 6381)))
        #expect(
            RedisRedirection(errorReply: "ASK 3999 10.0.0.2:7000")
                == .ask(slot: 3999, node: RedisNodeAddress(host: "10.0.0.2", port: 7000)))
        #expect(
            RedisRedirection(errorReply: "MOVED 1 cache-2.internal:6379")
                == .moved(slot: 1, node: RedisNodeAddress(host: "cache-2.internal", port: 6379)))
        #expect(
            RedisRedirection(errorReply: "MOVED 16383 ::1:7001")
                == .moved(slot: 16383, node: RedisNodeAddress(host: "::1", port: 7001)))
    }

    @Test func retryLater() {
        #expect(RedisRedirection(errorReply: "TRYAGAIN Multiple keys request during rehashing of slot") == .retryLater)
        #expect(RedisRedirection(errorReply: "CLUSTERDOWN The cluster is down") == .retryLater)
        #expect(RedisRedirection(errorReply: "CLUSTERDOWN Hash slot not served") == .retryLater)
    }

    @Test func ordinaryErrorsAreNotRedirections() {
        #expect(RedisRedirection(errorReply: "ERR unknown command") == nil)
        #expect(RedisRedirection(errorReply: "CROSSSLOT Keys in request don't hash to the same slot") == nil)
        #expect(RedisRedirection(errorReply: "MOVED 16384 127.0.0.1:6381") == nil)
        #expect(RedisRedirection(errorReply: "MOVED x 127.0.0.1:6381") == nil)
        #expect(RedisRedirection(errorReply: "MOVED 12 127.0.0.1") == nil)
        #expect(RedisRedirection(errorReply: "ASK 12 :7000") == nil)
    }
}
