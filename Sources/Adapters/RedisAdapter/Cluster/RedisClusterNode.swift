import Logging
import NIOCore
import NIOSSL

/// One primary of a cluster as the client uses it: its own connection pool behind its own circuit breaker, so a
/// dead node fails fast without slowing the others.
final class RedisClusterNode: Sendable {
    let address: RedisNodeAddress
    let pool: RedisConnectionPool
    let breaker: CircuitBreaker

    init(
        address: RedisNodeAddress, configuration: RedisConfiguration, tls: NIOSSLContext?, group: any EventLoopGroup,
        logger: Logger, now: @escaping @Sendable () -> ContinuousClock.Instant
    ) {
        self.address = address
        let endpoint = configuration.endpoint.node(address)
        let breaker = CircuitBreaker(
            failureThreshold: configuration.breakerFailureThreshold, coolDown: configuration.breakerCoolDown, now: now)
        self.breaker = breaker
        self.pool = RedisConnectionPool.forEndpoint(
            endpoint, configuration: configuration, tls: tls, group: group, breaker: breaker, logger: logger)
    }
}

extension RedisEndpoint {
    /// The same server settings (TLS, credentials) for cluster node `address`; a cluster has database 0 only.
    func node(_ address: RedisNodeAddress) -> RedisEndpoint {
        var endpoint = self
        endpoint.host = address.host
        endpoint.port = address.port
        endpoint.database = 0
        return endpoint
    }
}
