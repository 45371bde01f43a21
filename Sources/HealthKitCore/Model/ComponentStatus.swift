/// The state of one component as a check reports it.
///
/// Raw values are the strings rendered in the SPEC §5 document. A component that is not set up in this
/// deployment (no Redis URL, no AI key...) reports `.notConfigured`, rendered `"not_configured"`; it is shown
/// as such and never counts against the overall status.
public enum ComponentStatus: String, Sendable, Hashable, CaseIterable {
    /// The component answers normally.
    case healthy
    /// The component answers, but slowly or partially (e.g. one of two AI providers down).
    case degraded
    /// The component is failing, timed out or unreachable.
    case unhealthy
    /// The component is not configured here; rendered `"not_configured"` and ignored by aggregation.
    case notConfigured = "not_configured"
}

extension ComponentStatus {
    /// Folds the statuses of a component's members (AI providers, external services) into one.
    ///
    /// No configured member -> `.notConfigured`; all configured members healthy -> `.healthy`;
    /// all unhealthy -> `.unhealthy`; anything else -> `.degraded`.
    public static func combining(_ statuses: some Sequence<ComponentStatus>) -> ComponentStatus {
        let configured = statuses.filter { $0 != .notConfigured }
        if configured.isEmpty { return .notConfigured }
        if configured.allSatisfy({ $0 == .healthy }) { return .healthy }
        if configured.allSatisfy({ $0 == .unhealthy }) { return .unhealthy }
        return .degraded
    }

    /// The IETF health+json status: `pass`, `warn` or `fail` (`.notConfigured` is `pass`: nothing is wrong).
    public var ietfStatus: String {
        switch self {
        case .healthy, .notConfigured: "pass"
        case .degraded: "warn"
        case .unhealthy: "fail"
        }
    }
}
