import HTTPTypes
import Instrumentation

/// Reads a header for an `Instrument`. Repeated fields are joined with `,` (RFC 9110), so a list header such as
/// `tracestate` is read whole and a repeated `traceparent` is refused as malformed.
struct HTTPFieldsExtractor: Extractor {
    func extract(key: String, from fields: HTTPFields) -> String? {
        guard let name = HTTPField.Name(key) else { return nil }
        let values = fields[values: name]
        switch values.count {
        case 0: return nil
        case 1: return values[0]
        default: return values.joined(separator: ",")
        }
    }
}
