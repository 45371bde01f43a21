import Observability
import Testing

@Suite struct AlertRuleTests {
    @Test func platformDefaults() throws {
        let rules = Dictionary(uniqueKeysWithValues: AlertRule.defaults.map { ($0.name, $0) })
        let latency = try #require(rules["high_response_time"])
        #expect(latency.kind == .latencyP95)
        #expect(latency.threshold == 2000)
        #expect(latency.forDuration == .seconds(300))
        let errors = try #require(rules["high_error_rate"])
        #expect(errors.kind == .errorRate)
        #expect(errors.threshold == 5)
        #expect(errors.forDuration == .seconds(180))
        let pool = try #require(rules["database_connections"])
        #expect(pool.kind == .databaseConnections)
        #expect(pool.threshold == 80)
        #expect(pool.forDuration == .seconds(120))
        try AlertRule.validate(AlertRule.defaults)
        #expect(AlertRule.platformDefault(named: "high_error_rate") == errors)
        #expect(latency.summary == "p95 latency > 2000 ms for 5m")
    }

    @Test func configurationOverridesKeepTheKind() {
        let rule = AlertRule.highResponseTime.with(threshold: 1000, for: .seconds(60))
        #expect(rule.kind == .latencyP95)
        #expect(rule.threshold == 1000)
        #expect(rule.forDuration == .seconds(60))
        #expect(rule.window == .seconds(300))
    }

    @Test(arguments: [
        AlertRule(name: "bad name", kind: .errorRate, threshold: 5, for: .seconds(60)),
        AlertRule(name: "9lives", kind: .errorRate, threshold: 5, for: .seconds(60)),
        AlertRule(name: "", kind: .errorRate, threshold: 5, for: .seconds(60)),
        AlertRule(name: "x", kind: .errorRate, threshold: 150, for: .seconds(60)),
        AlertRule(name: "x", kind: .latencyP95, threshold: 0, for: .seconds(60)),
        AlertRule(name: "x", kind: .latencyP95, threshold: .nan, for: .seconds(60)),
        AlertRule(name: "x", kind: .latencyP95, threshold: 10, for: .seconds(-1)),
        AlertRule(name: "x", kind: .latencyP95, threshold: 10, for: .seconds(1), window: .milliseconds(500)),
    ])
    func invalidRulesAreRefusedNamingTheRule(rule: AlertRule) {
        #expect(throws: AlertRuleError.self) { try rule.validate() }
        do {
            try rule.validate()
        } catch {
            #expect(error.description.hasPrefix("monitoring.alerts.\(rule.name):"))
        }
    }

    @Test func duplicateNamesAreRefused() {
        #expect(throws: AlertRuleError.self) {
            try AlertRule.validate([AlertRule.highErrorRate, AlertRule.highErrorRate.with(threshold: 1)])
        }
    }
}
