import Synchronization

/// The checks running now, by name, shared by every copy of a `HealthEvaluator` so that concurrent probes of
/// one check share one run.
final class InFlightRuns: Sendable {
    /// The running checks.
    let runs = Mutex<[String: Task<ComponentHealth, Never>]>([:])
}
