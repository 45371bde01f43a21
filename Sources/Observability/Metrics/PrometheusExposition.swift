/// Post-processing of the Prometheus text exposition that swift-prometheus renders.
public enum PrometheusExposition {
    /// `exposition` with a `# HELP` line before every `# TYPE` line that lacks one, so that
    /// `promtool check metrics` passes. swift-prometheus' swift-metrics factory always registers empty help
    /// (and traps if a family is pre-registered with different help), so help is added here instead: text
    /// from `help` (``MetricNames/help`` by default), else a generic line naming the metric.
    public static func addingHelp(to exposition: [UInt8], help: [String: String] = MetricNames.help) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(exposition.count + 2048)
        var previousLineHelpName: Substring?
        let typePrefix = Array("# TYPE ".utf8)
        let helpPrefix = Array("# HELP ".utf8)
        var lineStart = 0
        while lineStart < exposition.count {
            var lineEnd = lineStart
            while lineEnd < exposition.count, exposition[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let line = exposition[lineStart..<lineEnd]
            if line.starts(with: typePrefix) {
                let name = metricName(in: line.dropFirst(typePrefix.count))
                if previousLineHelpName != name {
                    let text = help[String(name)] ?? "Metric \(name)."
                    out.append(contentsOf: helpPrefix)
                    out.append(contentsOf: name.utf8)
                    out.append(UInt8(ascii: " "))
                    out.append(contentsOf: escapeHelp(text).utf8)
                    out.append(UInt8(ascii: "\n"))
                }
                previousLineHelpName = nil
            } else if line.starts(with: helpPrefix) {
                previousLineHelpName = metricName(in: line.dropFirst(helpPrefix.count))
            } else {
                previousLineHelpName = nil
            }
            out.append(contentsOf: line)
            if lineEnd < exposition.count { out.append(UInt8(ascii: "\n")) }
            lineStart = lineEnd + 1
        }
        return out
    }

    /// The String form of ``addingHelp(to:help:)``.
    public static func addingHelp(to exposition: String, help: [String: String] = MetricNames.help) -> String {
        String(decoding: addingHelp(to: Array(exposition.utf8), help: help), as: UTF8.self)
    }

    private static func metricName(in rest: ArraySlice<UInt8>) -> Substring {
        let end = rest.firstIndex(of: UInt8(ascii: " ")) ?? rest.endIndex
        return Substring(decoding: rest[rest.startIndex..<end], as: UTF8.self)
    }

    private static func escapeHelp(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
