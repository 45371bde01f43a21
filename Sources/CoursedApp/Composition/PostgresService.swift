import PostgresAdapter
import ServiceLifecycle

/// Closes the pools when the server has drained, and samples their usage for metrics and alerts meanwhile.
struct PostgresService: Service {
    let database: PostgresDatabase
    let sampler: PoolSampler

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                sampler.sample()
                try? await Task.sleep(for: .seconds(5))
            }
        }
        await database.close()
    }
}
