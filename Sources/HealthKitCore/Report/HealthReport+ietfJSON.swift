import CoreSupport

extension HealthReport {
    /// The IETF media type of `ietfJSON()`.
    public static let ietfContentType = "application/health+json"

    /// The report in the IETF draft "Health Check Response Format for HTTP APIs" (`application/health+json`).
    ///
    /// `status` is `pass`/`warn`/`fail`; warnings become `notes`; each component yields checks keyed
    /// `component:measurement`: `database:responseTime` (`observedUnit` `ms`), one per detail
    /// (`cache:hitRate`, `ai:providers` with one entry per provider as `componentId`), or the bare component
    /// name when it measured nothing (a timeout). A component that is not configured yields
    /// `<name>:configured` with `observedValue` `false` and status `pass`. The process adds `uptime`,
    /// `memory:rss` and `cpu:time` (componentType `system`).
    public func ietfJSON() -> [UInt8] {
        ietfNode().encoded()
    }

    func ietfNode() -> JSONNode {
        let time = JSONNode.string(RFC3339.string(timestamp, precision: .milliseconds))
        var checks: [(String, JSONNode)] = []
        for component in components {
            checks.append(contentsOf: Self.ietfChecks(of: component))
        }
        func processCheck(_ value: JSONNode, unit: String) -> JSONNode {
            .array([
                .object([
                    ("componentType", .string(ComponentType.system.rawValue)),
                    ("observedValue", value),
                    ("observedUnit", .string(unit)),
                    ("status", .string("pass")),
                    ("time", time),
                ])
            ])
        }
        checks.append(("uptime", processCheck(.number(metrics.uptimeSeconds), unit: "s")))
        checks.append(("memory:rss", processCheck(.integer(metrics.memoryRSSBytes), unit: "bytes")))
        checks.append(("cpu:time", processCheck(.number(metrics.cpuSeconds), unit: "s")))

        var members: [(String, JSONNode)] = [
            ("status", .string(status.ietfStatus)),
            ("version", .string(version)),
        ]
        if !warnings.isEmpty {
            members.append(("notes", .array(warnings.map(JSONNode.string))))
        }
        members.append(("checks", .object(checks)))
        return .object(members)
    }

    static func ietfChecks(of component: ComponentResult) -> [(String, JSONNode)] {
        let health = component.health
        let time = JSONNode.string(RFC3339.string(component.checkedAt, precision: .milliseconds))
        func entry(id: String? = nil, status: ComponentStatus, observed: (JSONNode, String?)? = nil) -> JSONNode {
            var fields: [(String, JSONNode)] = []
            if let id { fields.append(("componentId", .string(id))) }
            fields.append(("componentType", .string(component.componentType.rawValue)))
            if let (value, unit) = observed {
                fields.append(("observedValue", value))
                if let unit { fields.append(("observedUnit", .string(unit))) }
            }
            fields.append(("status", .string(status.ietfStatus)))
            if status.ietfStatus != "pass", let error = health.error {
                fields.append(("output", .string(error)))
            }
            fields.append(("time", time))
            return .object(fields)
        }

        if health.status == .notConfigured {
            return [
                ("\(component.name):configured", .array([entry(status: .notConfigured, observed: (.bool(false), nil))]))
            ]
        }
        var checks: [(String, JSONNode)] = []
        if let latency = health.latencyMs {
            checks.append(
                (
                    "\(component.name):responseTime",
                    .array([entry(status: health.status, observed: (.number(latency), "ms"))])
                )
            )
        }
        for detail in health.details {
            let key = "\(component.name):\(lowerCamelCase(detail.key))"
            switch detail.value {
            case .statuses(let members):
                checks.append((key, .array(members.map { entry(id: $0.name, status: $0.status) })))
            default:
                let observed = (node(of: detail.value), detail.unit)
                checks.append((key, .array([entry(status: health.status, observed: observed)])))
            }
        }
        if checks.isEmpty {
            checks.append((component.name, .array([entry(status: health.status)])))
        }
        return checks
    }

    /// `hit_rate` -> `hitRate`.
    static func lowerCamelCase(_ snake: String) -> String {
        let parts = snake.split(separator: "_", omittingEmptySubsequences: true)
        guard let first = parts.first else { return snake }
        return parts.dropFirst().reduce(String(first)) { $0 + $1.prefix(1).uppercased() + $1.dropFirst() }
    }
}
