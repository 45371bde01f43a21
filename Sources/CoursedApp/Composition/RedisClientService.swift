import RedisAdapter
import ServiceLifecycle

/// Closes the Redis connections once the server has drained.
struct RedisClientService: Service {
    let client: RedisClient

    func run() async throws {
        // The cluster's periodic slot-map refresh runs until shutdown begins (nothing to do for one server).
        await cancelWhenGracefulShutdown { await client.maintain() }
        try? await gracefulShutdown()
        client.shutdown()
    }
}
