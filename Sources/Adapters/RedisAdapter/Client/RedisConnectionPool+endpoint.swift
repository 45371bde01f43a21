import Logging
import NIOCore
import NIOSSL

extension RedisConnectionPool {
    /// A pool of connections to `endpoint` behind `breaker`, logging the breaker's changes (one node of a
    /// cluster, or the single server).
    static func forEndpoint(
        _ endpoint: RedisEndpoint, configuration: RedisConfiguration, tls: NIOSSLContext?,
        group: any EventLoopGroup, breaker: CircuitBreaker, logger: Logger
    ) -> RedisConnectionPool {
        let timeout = configuration.connectTimeout
        let coolDown = configuration.breakerCoolDown
        return RedisConnectionPool(
            size: configuration.poolSize, acquireTimeout: configuration.acquireTimeout, group: group,
            breaker: breaker,
            onBreakerChange: { state, error in
                let metadata: Logger.Metadata = [
                    "redis": "\(endpoint.redactedDescription)", "circuit": "\(state.rawValue)",
                ]
                if state == .open {
                    logger.warning(
                        "redis unreachable; failing fast for \(coolDown) before the next try: \(error?.message ?? "")",
                        metadata: metadata)
                } else {
                    logger.info("redis reachable again", metadata: metadata)
                }
            }
        ) { () async throws(RedisError) -> RedisConnection in
            try await RedisConnection.connect(endpoint: endpoint, tls: tls, group: group, timeout: timeout)
        }
    }

    /// Sends `commands` on one pooled connection, bounded by `timeout`; a connection that failed is not reused.
    func run(_ commands: [RedisCommand], timeout: Duration) async throws(RedisError) -> [RESPValue] {
        let connection = try await acquire()
        do {
            let replies = try await connection.send(commands, timeout: TimeAmount(timeout))
            release(connection, reusable: true)
            return replies
        } catch {
            release(connection, reusable: false)
            throw error
        }
    }
}
