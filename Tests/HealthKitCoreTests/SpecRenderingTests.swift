import Foundation
import HealthKitCore
import Testing

/// A report holding one of each SPEC §5 component shape.
func sampleReport(
    status: HealthStatus = .degraded,
    warnings: [String] = [],
    extra: [ComponentResult] = []
) -> HealthReport {
    let time = Date(timeIntervalSince1970: 1_700_000_000.125)
    func result(_ name: String, _ criticality: Criticality, _ type: ComponentType, _ health: ComponentHealth)
        -> ComponentResult
    {
        ComponentResult(
            name: name, criticality: criticality, componentType: type, health: health,
            duration: .milliseconds(1), checkedAt: time
        )
    }
    return HealthReport(
        status: status,
        version: "1.4.0",
        timestamp: time,
        components: [
            result("database", .critical, .datastore, .healthy(latencyMs: 1.2)),
            result("cache", .nonCritical, .datastore, .healthy(details: [.hitRate(0.93)])),
            result(
                "ai", .nonCritical, .component,
                .members(
                    [NamedStatus("anthropic", .healthy), NamedStatus("gemini", .unhealthy)],
                    as: HealthDetail.providers
                )
            ),
            result(
                "external", .nonCritical, .system, .members([NamedStatus("name", .healthy)], as: HealthDetail.services)),
        ] + extra,
        metrics: ProcessMetricsSnapshot(uptimeSeconds: 12.5, memoryRSSBytes: 123_456, cpuSeconds: 0.4),
        warnings: warnings,
        duration: .microseconds(12_400)
    )
}

@Suite("SPEC §5 rendering")
struct SpecRenderingTests {
    @Test("renders exactly the documented shape with numbers as numbers")
    func shape() throws {
        let json = try decodeObject(sampleReport().specJSON())
        #expect(Set(json.keys) == ["status", "version", "timestamp", "checks", "metrics"])
        #expect(json["status"] as? String == "degraded")
        #expect(json["version"] as? String == "1.4.0")
        #expect(json["timestamp"] as? String == "2023-11-14T22:13:20.125Z")

        let checks = try #require(json["checks"] as? [String: Any])
        #expect(Set(checks.keys) == ["database", "cache", "ai", "external"])

        let database = try #require(checks["database"] as? [String: Any])
        #expect(Set(database.keys) == ["status", "latency_ms"])
        #expect(database["status"] as? String == "healthy")
        #expect(isNumber(database["latency_ms"]))
        #expect((database["latency_ms"] as? NSNumber)?.doubleValue == 1.2)

        let cache = try #require(checks["cache"] as? [String: Any])
        #expect(Set(cache.keys) == ["status", "hit_rate"])
        #expect(isNumber(cache["hit_rate"]))
        #expect((cache["hit_rate"] as? NSNumber)?.doubleValue == 0.93)

        let ai = try #require(checks["ai"] as? [String: Any])
        #expect(Set(ai.keys) == ["status", "providers"])
        #expect(ai["status"] as? String == "degraded")
        #expect(ai["providers"] as? [String: String] == ["anthropic": "healthy", "gemini": "unhealthy"])

        let external = try #require(checks["external"] as? [String: Any])
        #expect(Set(external.keys) == ["status", "services"])
        #expect(external["services"] as? [String: String] == ["name": "healthy"])

        let metrics = try #require(json["metrics"] as? [String: Any])
        #expect(Set(metrics.keys) == ["uptime_seconds", "memory_rss_bytes", "cpu_seconds"])
        #expect(metrics.values.allSatisfy(isNumber))
        #expect((metrics["memory_rss_bytes"] as? NSNumber)?.intValue == 123_456)
        #expect((metrics["uptime_seconds"] as? NSNumber)?.doubleValue == 12.5)
    }

    @Test("writes numbers unquoted and keys in the SPEC's order")
    func rawText() {
        let text = String(decoding: sampleReport().specJSON(), as: UTF8.self)
        #expect(text.hasPrefix(#"{"status":"degraded","version":"1.4.0","timestamp":"#))
        #expect(text.contains(#""database":{"status":"healthy","latency_ms":1.2}"#))
        #expect(text.contains(#""cache":{"status":"healthy","hit_rate":0.93}"#))
        #expect(text.contains(#""memory_rss_bytes":123456"#))
    }

    @Test("timestamps are RFC 3339 UTC with fractional seconds")
    func timestampFormat() throws {
        let json = try decodeObject(sampleReport().specJSON())
        let timestamp = try #require(json["timestamp"] as? String)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil)
    }

    @Test("failures carry a short error; not configured is reported as such")
    func errorsAndNotConfigured() throws {
        let time = Date(timeIntervalSince1970: 0)
        let report = HealthReport(
            status: .unhealthy,
            version: "1",
            timestamp: time,
            components: [
                ComponentResult(
                    name: "database", criticality: .critical, componentType: .datastore,
                    health: .unhealthy(error: "timeout"), duration: .seconds(2), checkedAt: time
                ),
                ComponentResult(
                    name: "cache", criticality: .nonCritical, componentType: .datastore,
                    health: .notConfigured, duration: .zero, checkedAt: time
                ),
            ],
            metrics: ProcessMetricsSnapshot(uptimeSeconds: 1, memoryRSSBytes: 1, cpuSeconds: 0)
        )
        let checks = try #require(try decodeObject(report.specJSON())["checks"] as? [String: Any])
        #expect(checks["database"] as? [String: String] == ["status": "unhealthy", "error": "timeout"])
        #expect(checks["cache"] as? [String: String] == ["status": "not_configured"])
    }

    @Test("warnings are rendered only when there are some")
    func warnings() throws {
        #expect(try decodeObject(sampleReport().specJSON())["warnings"] == nil)
        let json = try decodeObject(sampleReport(warnings: ["high_response_time firing"]).specJSON())
        #expect(json["warnings"] as? [String] == ["high_response_time firing"])
        #expect(json["status"] as? String == "degraded")
    }

    @Test("escapes hostile names and renders non-finite numbers as null")
    func escapingAndNonFinite() throws {
        let hostile = "a\"b\\c\nd\u{01}é☃"
        let time = Date(timeIntervalSince1970: 0)
        let report = HealthReport(
            status: .healthy,
            version: hostile,
            timestamp: time,
            components: [
                ComponentResult(
                    name: hostile, criticality: .nonCritical, componentType: .datastore,
                    health: .healthy(details: [.hitRate(.nan), HealthDetail(key: "x", value: .number(.infinity))]),
                    duration: .zero, checkedAt: time
                )
            ],
            metrics: ProcessMetricsSnapshot(uptimeSeconds: 0, memoryRSSBytes: 0, cpuSeconds: 0)
        )
        let json = try decodeObject(report.specJSON())
        #expect(json["version"] as? String == hostile)
        let checks = try #require(json["checks"] as? [String: Any])
        let component = try #require(checks[hostile] as? [String: Any])
        #expect(component["hit_rate"] is NSNull)
        #expect(component["x"] is NSNull)
        _ = try decodeObject(report.ietfJSON())
    }

    @Test("renders HTTP status, headers and content type")
    func rendered() {
        let degraded = sampleReport().rendered(as: .spec)
        #expect(degraded.status == 200)
        #expect(degraded.contentType == "application/json; charset=utf-8")
        #expect(degraded.headers.contains(HTTPHeaderField(name: "Cache-Control", value: "no-cache, must-revalidate")))
        #expect(degraded.headers.contains(HTTPHeaderField(name: "X-Health-Check-Duration", value: "12ms")))
        #expect(degraded.body == sampleReport().specJSON())

        let unhealthy = sampleReport(status: .unhealthy).rendered(accept: "application/health+json")
        #expect(unhealthy.status == 503)
        #expect(unhealthy.contentType == "application/health+json")
        #expect(unhealthy.body == sampleReport(status: .unhealthy).ietfJSON())
    }
}
