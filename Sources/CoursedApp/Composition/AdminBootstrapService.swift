import CourseDomain
import Logging
import ServiceLifecycle

/// Retries making sure the start-up admin exists while the store is unavailable (every second, backing off to
/// 15 s), until it exists, another error ends it (logged), or the server shuts down.
struct AdminBootstrapService: Service {
    let attempt: @Sendable () async throws -> Bool
    let logger: Logger

    /// Returns only at shutdown: the service group takes a service that returns earlier for a failure.
    func run() async throws {
        await cancelWhenGracefulShutdown { await retryUntilDone() }
        try? await gracefulShutdown()
    }

    private func retryUntilDone() async {
        var delay = Duration.seconds(1)
        while !Task.isCancelled {
            try? await Task.sleep(for: delay)
            do {
                AdminAccount.log(created: try await attempt(), logger: logger)
                return
            } catch let error as DomainError where error.code == .unavailable {
                delay = min(delay * 2, .seconds(15))
            } catch is CancellationError {
                return
            } catch {
                logger.error("cannot make sure the ADMIN_EMAIL account exists: \(AdminAccount.reason(error))")
                return
            }
        }
    }
}
