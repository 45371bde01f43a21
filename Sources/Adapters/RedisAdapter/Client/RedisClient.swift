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
        let endpoint = configuration.endpoint
        let timeout = configuration.connectTimeout
        let coolDown = configuration.breakerCoolDown
        self.pool = RedisConnectionPool(
            size: configuration.poolSize, acquireTimeout: configuration.acquireTimeout, group: eventLoopGroup,
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
            try await RedisConnection.connect(endpoint: endpoint, tls: tls, group: eventLoopGroup, timeout: timeout)
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
    public var circuitState: CircuitBreakerState { breaker.current }

    /// The connection pool's counts, for metrics.
    public var poolStatistics: RedisPoolStatistics { pool.statistics }

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
        let connection = try await pool.acquire()
        do {
            let replies = try await connection.send(commands, timeout: TimeAmount(configuration.commandTimeout))
            pool.release(connection, reusable: true)
            return replies
        } catch {
            pool.release(connection, reusable: false)
            throw error
        }
    }

    /// Sends PING and returns the round-trip time.
    public func ping() async throws(RedisError) -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        let reply = try await send(RedisCommand("PING"))
        guard reply.string == "PONG" else { throw RedisError(.protocolError, "unexpected PING reply") }
        return start.duration(to: clock.now)
    }

    /// Closes idle connections and fails waiting callers; in-flight commands finish, then their connections close.
    public func shutdown() {
        pool.shutdown()
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
