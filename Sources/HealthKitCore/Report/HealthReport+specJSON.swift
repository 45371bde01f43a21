import CoreSupport

extension HealthReport {
    /// The SPEC §5 document as UTF-8 JSON (`application/json`).
    ///
    /// `{"status","version","timestamp","checks":{name:{"status","latency_ms"?,details...,"error"?}},
    /// "metrics":{"uptime_seconds","memory_rss_bytes","cpu_seconds"},"warnings"?}`
    public func specJSON() -> [UInt8] {
        specNode().encoded()
    }

    func specNode() -> JSONNode {
        var members: [(String, JSONNode)] = [
            ("status", .string(status.rawValue)),
            ("version", .string(version)),
            ("timestamp", .string(RFC3339.string(timestamp, precision: .milliseconds))),
            ("checks", .object(components.map { ($0.name, Self.specNode(of: $0.health)) })),
            (
                "metrics",
                .object([
                    ("uptime_seconds", .number(metrics.uptimeSeconds)),
                    ("memory_rss_bytes", .integer(metrics.memoryRSSBytes)),
                    ("cpu_seconds", .number(metrics.cpuSeconds)),
                ])
            ),
        ]
        if !warnings.isEmpty {
            members.append(("warnings", .array(warnings.map(JSONNode.string))))
        }
        return .object(members)
    }

    static func specNode(of health: ComponentHealth) -> JSONNode {
        var members: [(String, JSONNode)] = [("status", .string(health.status.rawValue))]
        if let latency = health.latencyMs {
            members.append(("latency_ms", .number(latency)))
        }
        for detail in health.details {
            members.append((detail.key, node(of: detail.value)))
        }
        if let error = health.error {
            members.append(("error", .string(error)))
        }
        return .object(members)
    }

    static func node(of value: HealthDetail.Value) -> JSONNode {
        switch value {
        case .number(let number): .number(number)
        case .integer(let integer): .integer(integer)
        case .string(let string): .string(string)
        case .bool(let bool): .bool(bool)
        case .statuses(let members): .object(members.map { ($0.name, .string($0.status.rawValue)) })
        }
    }
}
