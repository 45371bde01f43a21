public import Foundation

/// One component's outcome in a report: the check's identity and what it found.
public struct ComponentResult: Sendable, Hashable {
    /// The component's key in `checks`.
    public var name: String
    /// Whether its failure makes the whole unhealthy.
    public var criticality: Criticality
    /// Its IETF `componentType`.
    public var componentType: ComponentType
    /// What the check found (or `unhealthy` with `timeout`/`check_failed`).
    public var health: ComponentHealth
    /// How long the check took, or the timeout when it was abandoned.
    public var duration: Duration
    /// When the outcome was known (IETF `time`).
    public var checkedAt: Date

    /// Creates a result.
    public init(
        name: String,
        criticality: Criticality,
        componentType: ComponentType,
        health: ComponentHealth,
        duration: Duration,
        checkedAt: Date
    ) {
        self.name = name
        self.criticality = criticality
        self.componentType = componentType
        self.health = health
        self.duration = duration
        self.checkedAt = checkedAt
    }
}
