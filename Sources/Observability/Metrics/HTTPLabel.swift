/// Pure normalisation of HTTP attributes into bounded label values.
public enum HTTPLabel {
    /// The methods OpenTelemetry lists as known; anything else is reported as `_OTHER`.
    public static let standardMethods: Set<String> = [
        "CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE", "QUERY",
    ]

    /// The longest route template accepted as a label value.
    public static let maxRouteLength = 128

    /// `method` if it is a standard method (case-sensitive, as OpenTelemetry specifies), else `_OTHER`.
    public static func method(_ method: String) -> String {
        standardMethods.contains(method) ? method : MetricLabels.other
    }

    /// The status code as a label, or `_OTHER` outside 100...599.
    public static func status(_ status: Int) -> String {
        (100...599).contains(status) ? String(status) : MetricLabels.other
    }

    /// The route template as a label: `unmatched` when nil, empty, too long or holding characters a template
    /// never holds (so a raw path with a query, spaces or non-ASCII can never become a label).
    public static func route(_ template: String?) -> String {
        guard let template, isPlausibleTemplate(template) else { return MetricLabels.unmatchedRoute }
        return template
    }

    /// Whether `template` looks like a router template: `/`-rooted ASCII of `[A-Za-z0-9/_{}:.*+-]`.
    public static func isPlausibleTemplate(_ template: String) -> Bool {
        let bytes = template.utf8
        guard bytes.count <= maxRouteLength, bytes.first == UInt8(ascii: "/") else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                return true
            case UInt8(ascii: "/"), UInt8(ascii: "_"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ":"),
                UInt8(ascii: "."), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }

    /// A bounded `error_type` label from an error's type name: `[A-Za-z0-9_.]`, at most 64 characters.
    public static func errorType(_ error: any Error) -> String {
        let name = String(describing: type(of: error))
        let cleaned = name.unicodeScalars.prefix(64).map { scalar -> Character in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", ".": Character(scalar)
            default: "_"
            }
        }
        return cleaned.isEmpty ? MetricLabels.other : String(cleaned)
    }
}
