/// How a `PostgresConnectionPool` opens and hands out connections (`database.*` in the configuration).
public struct PostgresPoolConfiguration: Sendable {
    /// How each connection is opened (URL, connect and statement timeouts).
    public var connection: PostgresConnectionConfiguration
    /// The most connections open at once (`database.pool_size`); also the number of blocking threads.
    public var size: Int
    /// How long a caller waits for a free connection before `poolTimeout` (`database.timeout`).
    public var acquisitionTimeout: Duration

    /// Makes a pool configuration.
    public init(
        connection: PostgresConnectionConfiguration, size: Int = 20, acquisitionTimeout: Duration = .seconds(30)
    ) {
        self.connection = connection
        self.size = max(1, size)
        self.acquisitionTimeout = acquisitionTimeout
    }

    /// The configuration of SPEC §2: `database.url`, `database.pool_size` (20), `database.timeout` (ms, 30000).
    ///
    /// The timeout bounds both the wait for a connection and each statement (`statement_timeout`).
    public init(url: String, poolSize: Int = 20, timeoutMilliseconds: Int = 30_000) {
        let timeout = Duration.milliseconds(max(1, timeoutMilliseconds))
        self.init(
            connection: PostgresConnectionConfiguration(
                url: url, connectTimeoutSeconds: min(10, max(2, timeoutMilliseconds / 1000)), statementTimeout: timeout),
            size: poolSize, acquisitionTimeout: timeout)
    }
}
