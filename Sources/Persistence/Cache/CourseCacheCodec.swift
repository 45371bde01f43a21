import CourseDomain
import Foundation

/// JSON encoding of cached courses and pages, with dates as whole microseconds so they round-trip exactly.
struct CourseCacheCodec: Sendable {
    /// Written over an invalidated course's key; never valid JSON, so never mistaken for a course.
    static let tombstone: [UInt8] = [0]

    func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.microsecondsSince1970)
        }
        return Array(try encoder.encode(value))
    }

    func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            Date(microsecondsSince1970: try decoder.singleValueContainer().decode(Int64.self))
        }
        return try decoder.decode(type, from: Data(bytes))
    }
}
