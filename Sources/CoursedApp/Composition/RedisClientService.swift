import RedisAdapter
import ServiceLifecycle

/// Closes the Redis connections once the server has drained.
struct RedisClientService: Service {
    let client: RedisClient

    func run() async throws {
        try? await gracefulShutdown()
        client.shutdown()
    }
}
