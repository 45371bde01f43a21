public import CourseDomain
import Foundation
import Testing

/// The behaviour every `VideoJobQueue` must show, run by each store's test target (in memory in PersistenceTests,
/// PostgreSQL in PostgresAdapterTests) on a fresh, empty queue whose clock the check moves.
public enum VideoQueueContract {
    /// Makes a fresh, empty queue reading time from `clock` with the default retry policy (3 attempts, 10 s backoff).
    public typealias Factory = @Sendable (ManualWallClock) async throws -> any VideoJobQueue

    /// The names of every check, for parameterised tests.
    public static let checkNames: [String] = checks.map(\.name)

    /// Runs the check called `name` on a queue made by `factory`.
    public static func run(_ name: String, factory: Factory) async throws {
        let check = try #require(checks.first { $0.name == name })
        let clock = ManualWallClock()
        let queue = try await factory(clock)
        try await check.body(queue, clock)
    }

    typealias Body = @Sendable (any VideoJobQueue, ManualWallClock) async throws -> Void

    static let checks: [(name: String, body: Body)] = [
        ("claim takes a queued job once", VideoQueueChecks.claimOnce),
        ("enqueue is idempotent for an active job", VideoQueueChecks.enqueueIdempotent),
        ("jobs are claimed oldest first", VideoQueueChecks.oldestFirst),
        ("renew extends the lease and records progress", VideoQueueChecks.renew),
        ("complete records outputs once", VideoQueueChecks.completeOnce),
        ("a worker that stops renewing loses its job", VideoQueueChecks.stopsRenewing),
        ("a transient failure is retried after backoff", VideoQueueChecks.retryAfterBackoff),
        ("a permanent failure fails at once", VideoQueueChecks.permanentFailure),
        ("the last attempt's failure is final", VideoQueueChecks.attemptsExhausted),
        ("a lost worker on the last attempt fails the job", VideoQueueChecks.lostOnLastAttempt),
        ("release gives the job back without counting the attempt", VideoQueueChecks.release),
        ("cancel stops queued and running jobs", VideoQueueChecks.cancel),
        ("stats count depth and the oldest due job", VideoQueueChecks.stats),
        ("N workers, M jobs, each processed exactly once", VideoQueueChecks.exactlyOnce),
    ]
}
