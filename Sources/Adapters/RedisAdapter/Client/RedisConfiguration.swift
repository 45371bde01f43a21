import Foundation

/// Everything a `RedisClient` needs: the endpoint, pool size, timeouts, TLS trust and the circuit breaker.
public struct RedisConfiguration: Sendable {
    /// The server to talk to; in cluster mode the first seed node, whose TLS setting and credentials every node
    /// of the cluster is reached with.
    public var endpoint: RedisEndpoint
    /// The nodes asked for the cluster's slot map (cluster mode): every URL of `REDIS_URL`, `endpoint` first.
    public var seeds: [RedisEndpoint]
    /// Whether the server is a Redis Cluster (`cache.cluster_mode` / `REDIS_CLUSTER_MODE`): commands go to the
    /// primary owning their key's slot.
    public var clusterMode: Bool
    /// How often a cluster client refreshes its slot map when nothing made it do so sooner (default 10 s).
    public var clusterRefreshInterval: Duration
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
        self.seeds = [endpoint]
        self.clusterMode = false
        self.clusterRefreshInterval = .seconds(10)
        self.poolSize = max(1, poolSize)
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.acquireTimeout = acquireTimeout
        self.tlsCAFile = tlsCAFile
        self.breakerFailureThreshold = max(1, breakerFailureThreshold)
        self.breakerCoolDown = breakerCoolDown
    }

    /// A configuration parsed from a `redis://` / `rediss://` URL, with the defaults above. In cluster mode
    /// `url` may list several seed nodes, comma-separated (`redis://a:7000,redis://b:7001`); they must agree on
    /// TLS, and a cluster has only database 0.
    public init(url: String, tlsCAFile: String? = nil, clusterMode: Bool = false) throws(RedisError) {
        let parts = url.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = parts.first else { throw RedisError(.invalidURL, "the URL is empty") }
        var seeds: [RedisEndpoint] = []
        for part in parts { seeds.append(try RedisEndpoint(url: part)) }
        if seeds.count > 1, !clusterMode {
            throw RedisError(
                .invalidURL,
                "several seed nodes need cluster mode (cache.cluster_mode: true or REDIS_CLUSTER_MODE=true)")
        }
        if clusterMode {
            if seeds.contains(where: { $0.database != 0 }) {
                throw RedisError(.invalidURL, "a Redis Cluster has only database 0")
            }
            if seeds.contains(where: { $0.useTLS != seeds[0].useTLS }) {
                throw RedisError(.invalidURL, "the seed nodes mix redis:// and rediss://")
            }
        }
        self.init(endpoint: try RedisEndpoint(url: String(first)), tlsCAFile: tlsCAFile)
        self.seeds = seeds
        self.clusterMode = clusterMode
    }
}
