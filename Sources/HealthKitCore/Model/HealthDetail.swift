/// One extra, typed field of a component's health, rendered in order after `status` and `latency_ms`.
///
/// In the SPEC §5 document a detail is `"<key>": <value>` (`"hit_rate": 0.93`,
/// `"providers": {"anthropic": "healthy"}`); in IETF health+json it becomes the check
/// `"<component>:<lowerCamelKey>"` (`cache:hitRate`) with `observedValue` and, when set, `observedUnit`.
public struct HealthDetail: Sendable, Hashable {
    /// A detail's value.
    public enum Value: Sendable, Hashable {
        /// A measurement; rendered as a JSON number (a non-finite value is rendered as `null`).
        case number(Double)
        /// A count; rendered as a JSON integer.
        case integer(Int)
        /// A short text; never a secret.
        case string(String)
        /// A flag.
        case bool(Bool)
        /// Members' statuses, rendered as an object `{"name": "healthy", ...}` in the given order.
        case statuses([NamedStatus])
    }

    /// The snake_case key in the SPEC §5 document.
    public var key: String
    /// The value.
    public var value: Value
    /// The IETF `observedUnit` (`ms`, `ratio`, `bytes`...), if the value has one.
    public var unit: String?

    /// Creates a detail.
    public init(key: String, value: Value, unit: String? = nil) {
        self.key = key
        self.value = value
        self.unit = unit
    }
}

extension HealthDetail {
    /// The cache's hit rate in 0...1: `"hit_rate": 0.93` (IETF `cache:hitRate`, unit `ratio`).
    public static func hitRate(_ rate: Double) -> HealthDetail {
        HealthDetail(key: "hit_rate", value: .number(rate), unit: "ratio")
    }

    /// The AI providers' statuses: `"providers": {"anthropic": "healthy"}`.
    public static func providers(_ providers: [NamedStatus]) -> HealthDetail {
        HealthDetail(key: "providers", value: .statuses(providers))
    }

    /// The external services' statuses: `"services": {"name": "healthy"}`.
    public static func services(_ services: [NamedStatus]) -> HealthDetail {
        HealthDetail(key: "services", value: .statuses(services))
    }
}
