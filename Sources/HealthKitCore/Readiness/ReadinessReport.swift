/// Whether the instance should receive traffic, and why not.
public struct ReadinessReport: Sendable, Hashable {
    /// True when not draining, every critical check passes and no migration is pending.
    public var isReady: Bool
    /// Short reasons when not ready: `"draining"`, `"database:timeout"`, `"migrations:pending"`...
    public var reasons: [String]

    /// Creates a report.
    public init(isReady: Bool, reasons: [String]) {
        self.isReady = isReady
        self.reasons = reasons
    }

    /// 200 when ready, 503 otherwise.
    public var httpStatus: Int { isReady ? 200 : 503 }

    /// `{"status":"ready"}` or `{"status":"not_ready","reasons":[...]}` as UTF-8 JSON.
    public func json() -> [UInt8] {
        var members: [(String, JSONNode)] = [("status", .string(isReady ? "ready" : "not_ready"))]
        if !reasons.isEmpty {
            members.append(("reasons", .array(reasons.map(JSONNode.string))))
        }
        return JSONNode.object(members).encoded()
    }
}
