import Observability
import ServiceLifecycle

/// Runs the alert evaluator until graceful shutdown.
struct AlertService: Service {
    let evaluator: AlertEvaluator

    func run() async throws {
        await cancelWhenGracefulShutdown { await evaluator.run() }
    }
}
