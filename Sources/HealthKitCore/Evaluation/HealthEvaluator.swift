import CoreSupport
public import Foundation
import Synchronization

/// Runs every component check concurrently, each under its own timeout, and aggregates a `HealthReport`.
///
/// A hanging check costs at most its timeout, even when it ignores cancellation: it is abandoned, not awaited.
/// Runs are single-flight per check: concurrent evaluations share a check's in-flight run, and a run abandoned
/// at its timeout but still going is joined rather than started again, so a dependency that hangs and ignores
/// cancellation (a blocking C call) holds at most one task, thread or connection per check.
public struct HealthEvaluator: Sendable {
    /// The checks, in the order they are rendered.
    public let checks: [any HealthCheck]
    /// The service version rendered in the report.
    public let version: String
    private let processMetrics: ProcessSampler
    private let time: MonotonicTime
    private let now: @Sendable () -> Date
    private let inFlight = InFlightRuns()

    /// Creates an evaluator.
    ///
    /// - Parameters:
    ///   - checks: the component checks; their names must be unique.
    ///   - version: the service version for the report.
    ///   - processMetrics: the source of `metrics` (uptime from its start instant, RSS, CPU).
    ///   - clock: measures durations and times out checks (a fake one in tests).
    ///   - now: the wall clock for `timestamp` and each result's `checkedAt`.
    public init(
        checks: [any HealthCheck],
        version: String,
        processMetrics: ProcessSampler = ProcessSampler(),
        clock: some Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        let names = checks.map(\.name)
        precondition(Set(names).count == names.count, "health check names must be unique: \(names)")
        self.checks = checks
        self.version = version
        self.processMetrics = processMetrics
        self.time = MonotonicTime(clock)
        self.now = now
    }

    /// Runs all checks and builds the report; `warnings` (e.g. firing alerts) are attached without
    /// changing the status.
    public func evaluate(warnings: [String] = []) async -> HealthReport {
        let started = time.elapsed()
        let results = await evaluateComponents()
        let status = HealthStatus.aggregate(results.map { ($0.health.status, $0.criticality) })
        return HealthReport(
            status: status,
            version: version,
            timestamp: now(),
            components: results,
            metrics: processMetrics.snapshot(),
            warnings: warnings,
            duration: time.elapsed() - started
        )
    }

    /// Runs all checks concurrently and returns their results in the checks' order.
    public func evaluateComponents() async -> [ComponentResult] {
        await withTaskGroup(of: (Int, ComponentResult).self) { group in
            for (index, check) in checks.enumerated() {
                group.addTask { (index, await run(check)) }
            }
            var results = [ComponentResult?](repeating: nil, count: checks.count)
            for await (index, result) in group {
                results[index] = result
            }
            return results.compactMap { $0 }
        }
    }

    private func run(_ check: any HealthCheck) async -> ComponentResult {
        let started = time.elapsed()
        let shared = sharedRun(of: check)
        var health = await TimeoutRace.run(
            timeout: check.timeout,
            time: time,
            timedOut: ComponentHealth.unhealthy(error: ErrorCategory.timeout),
            cancelled: ComponentHealth.unhealthy(error: ErrorCategory.cancelled)
        ) {
            await withTaskCancellationHandler {
                await shared.value
            } onCancel: {
                shared.cancel()
            }
        }
        let duration = time.elapsed() - started
        if check.reportsLatency, health.latencyMs == nil, health.error == nil, health.status != .notConfigured {
            health.latencyMs = (duration.milliseconds * 1_000).rounded() / 1_000
        }
        return ComponentResult(
            name: check.name,
            criticality: check.criticality,
            componentType: check.componentType,
            health: health,
            duration: duration,
            checkedAt: now()
        )
    }

    /// The check's in-flight run, or a new one that unregisters itself when it ends.
    private func sharedRun(of check: any HealthCheck) -> Task<ComponentHealth, Never> {
        inFlight.runs.withLock { runs in
            if let running = runs[check.name] { return running }
            let registry = inFlight
            let run = Task<ComponentHealth, Never> {
                let health = await Self.outcome(of: check)
                registry.runs.withLock { $0[check.name] = nil }
                return health
            }
            runs[check.name] = run
            return run
        }
    }

    /// Runs the check once, mapping thrown errors to short categories.
    private static func outcome(of check: any HealthCheck) async -> ComponentHealth {
        do {
            return try await check.check()
        } catch let failure as HealthCheckFailure {
            return .unhealthy(error: failure.category)
        } catch is CancellationError {
            return .unhealthy(error: ErrorCategory.cancelled)
        } catch {
            return .unhealthy(error: ErrorCategory.checkFailed)
        }
    }
}
