import Foundation
import HealthKitCore
import Testing

@Suite("IETF health+json rendering")
struct IETFRenderingTests {
    func checks(of report: HealthReport) throws -> [String: [[String: Any]]] {
        let json = try decodeObject(report.ietfJSON())
        return try #require(json["checks"] as? [String: [[String: Any]]])
    }

    @Test("renders status, version and component:measurement checks")
    func shape() throws {
        let json = try decodeObject(sampleReport().ietfJSON())
        #expect(json["status"] as? String == "warn")
        #expect(json["version"] as? String == "1.4.0")
        #expect(json["notes"] == nil)

        let checks = try checks(of: sampleReport())
        #expect(
            Set(checks.keys)
                == [
                    "database:responseTime", "cache:hitRate", "ai:providers", "external:services", "uptime",
                    "memory:rss", "cpu:time",
                ]
        )

        let database = try #require(checks["database:responseTime"]?.first)
        #expect(database["componentType"] as? String == "datastore")
        #expect((database["observedValue"] as? NSNumber)?.doubleValue == 1.2)
        #expect(database["observedUnit"] as? String == "ms")
        #expect(database["status"] as? String == "pass")
        #expect(database["time"] as? String == "2023-11-14T22:13:20.125Z")
        #expect(database["output"] == nil)

        let cache = try #require(checks["cache:hitRate"]?.first)
        #expect((cache["observedValue"] as? NSNumber)?.doubleValue == 0.93)
        #expect(cache["observedUnit"] as? String == "ratio")

        let providers = try #require(checks["ai:providers"])
        #expect(providers.compactMap { $0["componentId"] as? String } == ["anthropic", "gemini"])
        #expect(providers.compactMap { $0["status"] as? String } == ["pass", "fail"])

        let uptime = try #require(checks["uptime"]?.first)
        #expect((uptime["observedValue"] as? NSNumber)?.doubleValue == 12.5)
        #expect(uptime["observedUnit"] as? String == "s")
        #expect(uptime["componentType"] as? String == "system")
        #expect(isNumber(checks["memory:rss"]?.first?["observedValue"]))
    }

    @Test("a timed-out component is a bare key with its output; not configured is configured=false, pass")
    func failuresAndNotConfigured() throws {
        let time = Date(timeIntervalSince1970: 0)
        let report = sampleReport(
            status: .unhealthy,
            warnings: ["high_error_rate firing"],
            extra: [
                ComponentResult(
                    name: "queue", criticality: .critical, componentType: .system,
                    health: .unhealthy(error: "timeout"), duration: .seconds(2), checkedAt: time
                ),
                ComponentResult(
                    name: "search", criticality: .nonCritical, componentType: .component,
                    health: .notConfigured, duration: .zero, checkedAt: time
                ),
            ]
        )
        let json = try decodeObject(report.ietfJSON())
        #expect(json["status"] as? String == "fail")
        #expect(json["notes"] as? [String] == ["high_error_rate firing"])

        let checks = try checks(of: report)
        let queue = try #require(checks["queue"]?.first)
        #expect(queue["status"] as? String == "fail")
        #expect(queue["output"] as? String == "timeout")
        #expect(queue["componentType"] as? String == "system")

        let search = try #require(checks["search:configured"]?.first)
        #expect(search["status"] as? String == "pass")
        #expect(search["observedValue"] as? Bool == false)
    }

    static let negotiation: [(String?, HealthResponseFormat)] = [
        (nil, .spec),
        ("", .spec),
        ("*/*", .spec),
        ("application/json", .spec),
        ("application/health+json", .ietf),
        ("Application/Health+JSON", .ietf),
        ("application/health+json, application/json", .ietf),
        ("application/json, application/health+json;q=0.9", .spec),
        ("application/json;q=0.5, application/health+json", .ietf),
        ("application/health+json;q=0", .spec),
        ("application/health+json;q=0.2, */*;q=0.1", .ietf),
        ("application/health+json;q=0.2, application/*", .spec),
        ("text/html, application/health+json ; q=0.8", .ietf),
    ]

    @Test("negotiates the format from Accept", arguments: negotiation)
    func negotiate(_ accept: String?, _ expected: HealthResponseFormat) {
        #expect(HealthResponseFormat.negotiate(accept: accept) == expected)
    }
}
