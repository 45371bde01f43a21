/// Everything a `RedisClient` needs: the endpoint, pool size, timeouts, TLS trust and the circuit breaker.
public struct RedisConfiguration: Sendable {
    /// The server to talk to.
    public var endpoint: RedisEndpoint
    /// Most connections open at once (default 16).
    public var poolSize: Int
    /// Bound on TCP connect plus set-up (TLS handshake, AUTH, SELECT) of a new connection (default 2 s).
    public var connectTimeout: Duration
    /// Bound on the replies of one command or one pipeline (default 1 s).
    public var commandTimeout: Duration
    /// Bound on waiting for a free pooled connection (default 2 s).
    public var acquireTimeout: Duration
    /// PEM CA bundle trusted for `rediss://` (`REDIS_TLS_CA_FILE`); nil means the system's trust store.
    public var tlsCAFile: String?
    /// Consecutive connection failures that open the circuit breaker (default 3).
    public var breakerFailureThreshold: Int
    /// How long an open breaker fails fast before letting one probe through (default 5 s).
    public var breakerCoolDown: Duration

    /// A configuration for `endpoint` with the defaults above.
    public init(
        endpoint: RedisEndpoint,
        poolSize: Int = 16,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(1),
        acquireTimeout: Duration = .seconds(2),
        tlsCAFile: String? = nil,
        breakerFailureThreshold: Int = 3,
        breakerCoolDown: Duration = .seconds(5)
    ) {
        self.endpoint = endpoint
        self.poolSize = max(1, poolSize)
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.acquireTimeout = acquireTimeout
        self.tlsCAFile = tlsCAFile
        self.breakerFailureThreshold = max(1, breakerFailureThreshold)
        self.breakerCoolDown = breakerCoolDown
    }

    /// A configuration parsed from a `redis://` / `rediss://` URL, with the defaults above.
    public init(url: String, tlsCAFile: String? = nil) throws(RedisError) {
        self.init(endpoint: try RedisEndpoint(url: url), tlsCAFile: tlsCAFile)
    }
}
