import HealthKitCore
import Testing

@Suite("Aggregation")
struct AggregationTests {
    typealias Entry = (status: ComponentStatus, criticality: Criticality)

    static let table: [([Entry], HealthStatus)] = [
        ([], .healthy),
        ([(.healthy, .critical), (.healthy, .nonCritical)], .healthy),
        ([(.unhealthy, .critical), (.healthy, .nonCritical)], .unhealthy),
        ([(.healthy, .critical), (.unhealthy, .nonCritical)], .degraded),
        ([(.degraded, .critical), (.healthy, .nonCritical)], .degraded),
        ([(.healthy, .critical), (.degraded, .nonCritical)], .degraded),
        ([(.notConfigured, .critical)], .healthy),
        ([(.healthy, .critical), (.notConfigured, .nonCritical), (.notConfigured, .nonCritical)], .healthy),
        ([(.degraded, .nonCritical), (.unhealthy, .critical)], .unhealthy),
        ([(.unhealthy, .nonCritical), (.unhealthy, .nonCritical), (.degraded, .critical)], .degraded),
    ]

    @Test("aggregates component outcomes", arguments: table)
    func aggregates(_ entries: [Entry], _ expected: HealthStatus) {
        #expect(HealthStatus.aggregate(entries) == expected)
    }

    @Test("maps statuses to HTTP and IETF")
    func statusMappings() {
        #expect(HealthStatus.healthy.httpStatus == 200)
        #expect(HealthStatus.degraded.httpStatus == 200)
        #expect(HealthStatus.unhealthy.httpStatus == 503)
        #expect(HealthStatus.allCases.map(\.ietfStatus) == ["pass", "warn", "fail"])
        #expect(ComponentStatus.notConfigured.rawValue == "not_configured")
        #expect(ComponentStatus.notConfigured.ietfStatus == "pass")
    }

    static let members: [([ComponentStatus], ComponentStatus)] = [
        ([], .notConfigured),
        ([.notConfigured], .notConfigured),
        ([.healthy, .healthy], .healthy),
        ([.healthy, .notConfigured], .healthy),
        ([.healthy, .unhealthy], .degraded),
        ([.degraded], .degraded),
        ([.unhealthy, .unhealthy], .unhealthy),
        ([.unhealthy, .notConfigured], .unhealthy),
    ]

    @Test("combines member statuses", arguments: members)
    func combines(_ statuses: [ComponentStatus], _ expected: ComponentStatus) {
        #expect(ComponentStatus.combining(statuses) == expected)
    }

    @Test("builds a members component with its detail")
    func membersComponent() {
        let ai = ComponentHealth.members(
            [NamedStatus("anthropic", .healthy), NamedStatus("gemini", .unhealthy)],
            as: HealthDetail.providers
        )
        #expect(ai.status == .degraded)
        #expect(ai.details == [.providers([NamedStatus("anthropic", .healthy), NamedStatus("gemini", .unhealthy)])])
        #expect(ComponentHealth.members([], as: HealthDetail.services) == .notConfigured)
    }

    @Test("sanitizes error categories")
    func sanitizesErrors() {
        #expect(HealthCheckFailure("connection refused").category == "connection_refused")
        #expect(ComponentHealth.unhealthy(error: "bad\r\nX-Evil: 1").error == "bad__X-Evil__1")
        #expect(ComponentHealth.unhealthy(error: String(repeating: "a", count: 500)).error?.count == 64)
        #expect(ComponentHealth.unhealthy(error: "").error == "error")
    }
}
