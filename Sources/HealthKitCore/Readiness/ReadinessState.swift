import Synchronization

/// The readiness model behind `/api/health/ready`: a draining flag, the critical checks, pending migrations.
///
/// Not ready while draining (set on SIGTERM, checked first and without probing anything), while a critical
/// check is `unhealthy` (degraded and not configured are fine), or while the migrations hook reports pending
/// migrations or fails.
public final class ReadinessState: Sendable {
    private let draining = Mutex(false)
    private let evaluator: HealthEvaluator

    /// Creates the readiness model.
    ///
    /// - Parameters:
    ///   - criticalChecks: checks that must not be unhealthy (the database); each runs under its own timeout.
    ///   - pendingMigrations: returns true while migrations are pending; nil when nothing is migrated.
    ///   - migrationsTimeout: how long the hook may take before it counts as failing.
    ///   - clock: times out the checks (a fake one in tests).
    public init(
        criticalChecks: [any HealthCheck],
        pendingMigrations: (@Sendable () async throws -> Bool)? = nil,
        migrationsTimeout: Duration = .seconds(5),
        clock: some Clock<Duration> = ContinuousClock()
    ) {
        var checks = criticalChecks
        if let pendingMigrations {
            checks.append(PendingMigrationsCheck(timeout: migrationsTimeout, pending: pendingMigrations))
        }
        self.evaluator = HealthEvaluator(checks: checks, version: "", clock: clock)
    }

    /// Whether the instance is draining.
    public var isDraining: Bool {
        draining.withLock { $0 }
    }

    /// Marks the instance as draining (or not): readiness answers 503 from now on.
    public func setDraining(_ value: Bool = true) {
        draining.withLock { $0 = value }
    }

    /// Evaluates readiness now.
    public func evaluate() async -> ReadinessReport {
        if isDraining {
            return ReadinessReport(isReady: false, reasons: ["draining"])
        }
        let results = await evaluator.evaluateComponents()
        let reasons = results.filter { $0.health.status == .unhealthy }.map { result in
            "\(result.name):\(result.health.error ?? ComponentStatus.unhealthy.rawValue)"
        }
        return ReadinessReport(isReady: reasons.isEmpty, reasons: reasons)
    }
}

/// Adapts the pending-migrations hook to a check: pending -> `unhealthy` with error `pending`.
private struct PendingMigrationsCheck: HealthCheck {
    let name = "migrations"
    let criticality = Criticality.critical
    let timeout: Duration
    let pending: @Sendable () async throws -> Bool

    func check() async throws -> ComponentHealth {
        try await pending() ? .unhealthy(error: "pending") : .healthy()
    }
}
