import CoreSupport
public import HealthKitCore

/// The `database` component of `/api/health`: critical; `SELECT 1` on the primary with its latency, pool usage as
/// details; a failing replica only degrades it (reads fall back to the primary).
public struct PostgresHealthCheck: HealthCheck {
    /// `database`.
    public let name: String
    /// Critical: without its database the service cannot answer.
    public let criticality = Criticality.critical
    /// How long the evaluator waits for the probe.
    public let timeout: Duration
    /// A data store.
    public var componentType: ComponentType { .datastore }
    private let database: PostgresDatabase

    /// A check of `database`'s primary (and replica, when it has one).
    public init(database: PostgresDatabase, name: String = "database", timeout: Duration = .seconds(2)) {
        self.database = database
        self.name = name
        self.timeout = timeout
    }

    /// Probes with `SELECT 1`; never reports error messages, only a category (`connection_failed`, `pool_timeout`...).
    public func check() async throws -> ComponentHealth {
        let stats = database.primary.stats
        let details: [HealthDetail] = [
            HealthDetail(key: "connections_in_use", value: .integer(stats.inUse)),
            HealthDetail(key: "connections_max", value: .integer(stats.max)),
        ]
        let primaryLatency: Double
        do {
            primaryLatency = try await Self.probe(database.primary)
        } catch {
            return .unhealthy(error: Self.category(error), details: details)
        }
        if let replica = database.replica {
            var details = details
            do {
                _ = try await Self.probe(replica)
            } catch {
                return .degraded(latencyMs: primaryLatency, details: details, error: "replica_" + Self.category(error))
            }
            if let status = database.replicaStatus {
                if let lag = status.lagSeconds {
                    details.append(
                        HealthDetail(key: "replica_lag_seconds", value: .number((lag * 1000).rounded() / 1000)))
                }
                if !status.usable(maxLag: database.maxReplicaLag) {
                    // Reads already skip it (the primary serves them): the service works, degraded.
                    return .degraded(latencyMs: primaryLatency, details: details, error: "replica_lagging")
                }
            }
            return .healthy(latencyMs: primaryLatency, details: details)
        }
        return .healthy(latencyMs: primaryLatency, details: details)
    }

    /// Round-trip milliseconds of `SELECT 1` (including the wait for a connection).
    static func probe(_ pool: PostgresConnectionPool) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let one = try await pool.withConnection(retryingOnConnectionLoss: true) { connection in
            try connection.query("SELECT 1 AS one").first?.decode("one", as: Int.self)
        }
        guard one == 1 else {
            throw PostgresError(code: .unexpectedResult, message: "SELECT 1 did not return 1")
        }
        let elapsed = clock.now - start
        return elapsed.milliseconds
    }

    /// A short, secret-free category for the error.
    static func category(_ error: any Error) -> String {
        guard let error = error as? PostgresError else {
            return error is CancellationError ? "cancelled" : "check_failed"
        }
        switch error.code {
        case .server: return error.sqlState.map { "sqlstate_\($0)" } ?? "server_error"
        default: return error.code.description.snakeCased
        }
    }
}

extension String {
    /// `connectionFailed` -> `connection_failed`.
    fileprivate var snakeCased: String {
        var out = ""
        for character in self {
            if character.isUppercase {
                out += "_" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}
