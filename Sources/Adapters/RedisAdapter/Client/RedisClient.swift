public import Logging
public import NIOCore
public import NIOPosix
import NIOSSL

/// A Redis client over SwiftNIO: pooled connections, pipelining, timeouts, TLS and a circuit breaker.
///
/// Bytes travel over NIO channels (with swift-nio-ssl for `rediss://`); hiredis only encodes commands and parses
/// replies, in memory. Nothing here blocks a thread: connections are opened lazily, on the first command.
public final class RedisClient: Sendable {
    /// The configuration the client was made with.
    public let configuration: RedisConfiguration
    private let pool: RedisConnectionPool
    private let breaker: CircuitBreaker
    private let logger: Logger
    private let backend: Backend

    /// Where commands go: the one server, or the cluster's primaries by slot.
    private enum Backend: Sendable {
        case single(RedisConnectionPool)
        case cluster(RedisClusterRouter)
    }

    /// A client for `configuration`, using `eventLoopGroup` for its connections.
    ///
    /// For `rediss://` it loads the CA file (`configuration.tlsCAFile`) once, here: create the client at start-up,
    /// not on an event loop. `now` drives the circuit breaker's cool-down (tests inject a manual clock).
    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "coursed.redis"),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) throws(RedisError) {
        self.configuration = configuration
        self.logger = logger
        let tls = try Self.makeTLSContext(configuration)
        let breaker = CircuitBreaker(
            failureThreshold: configuration.breakerFailureThreshold, coolDown: configuration.breakerCoolDown, now: now)
        self.breaker = breaker
        let pool = RedisConnectionPool.forEndpoint(
            configuration.endpoint, configuration: configuration, tls: tls, group: eventLoopGroup, breaker: breaker,
            logger: logger)
        self.pool = pool
        if configuration.clusterMode {
            self.backend = .cluster(
                RedisClusterRouter(
                    configuration: configuration, tls: tls, group: eventLoopGroup, logger: logger, now: now))
        } else {
            self.backend = .single(pool)
        }
    }

    /// A client parsed from a `redis://` or `rediss://` URL, with the default pool and timeouts.
    public convenience init(
        url: String, tlsCAFile: String? = nil,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "coursed.redis")
    ) throws(RedisError) {
        try self.init(
            configuration: RedisConfiguration(url: url, tlsCAFile: tlsCAFile), eventLoopGroup: eventLoopGroup,
            logger: logger)
    }

    /// The circuit breaker's state, for health and metrics.
    public var circuitState: CircuitBreakerState {
        switch backend {
        case .single: breaker.current
        case .cluster(let router): router.circuitState
        }
    }

    /// The connection pool's counts (summed over the nodes of a cluster), for metrics.
    public var poolStatistics: RedisPoolStatistics {
        switch backend {
        case .single(let pool): pool.statistics
        case .cluster(let router): router.poolStatistics
        }
    }

    /// Whether commands are routed over a Redis Cluster.
    public var isCluster: Bool {
        if case .cluster = backend { return true }
        return false
    }

    /// Sends one command and returns its reply; an error reply is thrown as `RedisError(.serverError)`.
    @discardableResult
    public func send(_ command: RedisCommand) async throws(RedisError) -> RESPValue {
        let reply = try await pipeline([command])[0]
        if case .error(let message) = reply {
            throw RedisError(.serverError, "\(command.name): \(message)")
        }
        return reply
    }

    /// Sends one command built from its name and arguments; see `send(_:)`.
    @discardableResult
    public func send(_ name: String, _ arguments: RedisArgument...) async throws(RedisError) -> RESPValue {
        try await send(RedisCommand(name, arguments: arguments))
    }

    /// Writes every command at once on one connection and returns the replies in order (error replies included
    /// as `.error` values). The whole batch is bounded by the command timeout.
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        switch backend {
        case .single(let pool):
            return try await pool.run(commands, timeout: configuration.commandTimeout)
        case .cluster(let router):
            return try await router.pipeline(commands)
        }
    }

    /// For a cluster, the endpoints of its primaries as a refreshed slot map names them (a subscriber follows a
    /// failover through them); nil for a single server. Throws `.notACluster` when cluster mode is on and the
    /// server is not a cluster.
    func clusterPrimaries() async throws(RedisError) -> [RedisEndpoint]? {
        guard case .cluster(let router) = backend else { return nil }
        return try await router.primaryEndpoints()
    }

    /// Sends PING and returns the round-trip time.
    public func ping() async throws(RedisError) -> Duration {
        if case .cluster(let router) = backend { return try await router.ping() }
        let clock = ContinuousClock()
        let start = clock.now
        let reply = try await send(RedisCommand("PING"))
        guard reply.string == "PONG" else { throw RedisError(.protocolError, "unexpected PING reply") }
        return start.duration(to: clock.now)
    }

    /// Closes idle connections and fails waiting callers; in-flight commands finish, then their connections close.
    public func shutdown() {
        pool.shutdown()
        if case .cluster(let router) = backend { router.shutdown() }
    }

    /// Background upkeep until the calling task is cancelled: on a cluster, refreshes the slot map every
    /// `clusterRefreshInterval` (errors and redirections refresh it sooner); nothing for a single server.
    public func maintain() async {
        guard case .cluster(let router) = backend else { return }
        await router.maintain()
    }

    static func makeTLSContext(_ configuration: RedisConfiguration) throws(RedisError) -> NIOSSLContext? {
        guard configuration.endpoint.useTLS else { return nil }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let file = configuration.tlsCAFile {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file))
            } catch {
                throw RedisError(.tlsFailed, "cannot load the CA file given in REDIS_TLS_CA_FILE")
            }
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw RedisError(.tlsFailed, "cannot set up TLS: \(error)")
        }
    }
}
