/// The two renderings of a health report, chosen from the request's `Accept` header.
public enum HealthResponseFormat: Sendable, Hashable, CaseIterable {
    /// The SPEC §5 document, `application/json` (the default).
    case spec
    /// The IETF draft format, `application/health+json`.
    case ietf

    /// The `Content-Type` of this format.
    public var contentType: String {
        switch self {
        case .spec: "application/json; charset=utf-8"
        case .ietf: "application/health+json"
        }
    }

    /// Picks `.ietf` when `Accept` names `application/health+json` with a quality at least that of
    /// `application/json` (named or through `application/*` / `*/*`); `.spec` otherwise, including no header.
    public static func negotiate(accept: String?) -> HealthResponseFormat {
        guard let accept, !accept.isEmpty else { return .spec }
        var ietfQuality: Double?
        var jsonQuality: Double?
        var wildcardQuality: Double?
        for range in accept.split(separator: ",") {
            let parameters = range.split(separator: ";").map { $0.trimmingWhitespace().lowercased() }
            guard let mediaType = parameters.first else { continue }
            var quality = 1.0
            for parameter in parameters.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            switch mediaType {
            case "application/health+json": ietfQuality = max(ietfQuality ?? 0, quality)
            case "application/json": jsonQuality = max(jsonQuality ?? 0, quality)
            case "application/*", "*/*": wildcardQuality = max(wildcardQuality ?? 0, quality)
            default: continue
            }
        }
        guard let ietfQuality, ietfQuality > 0 else { return .spec }
        return ietfQuality >= (jsonQuality ?? wildcardQuality ?? 0) ? .ietf : .spec
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var result = self
        while result.first?.isWhitespace == true { result.removeFirst() }
        while result.last?.isWhitespace == true { result.removeLast() }
        return result
    }
}
