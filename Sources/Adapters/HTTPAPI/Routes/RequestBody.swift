import CourseDomain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Reads a request's JSON body: bounds the size and parses it into fields.
enum RequestBody {
    /// The top-level object of a JSON body, whatever the declared content type (clients that forget the header,
    /// or send curl's form default, still get their JSON read); 413 when too large, 400 when malformed, with a hint
    /// about the header when the body was not declared as JSON.
    static func object(_ request: Request, context: APIRequestContext) async throws -> BodyFields {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: APISettings.maxBodyBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.payloadTooLarge
        }
        guard buffer.readableBytes > 0 else { throw APIError.malformed("request body is empty; send a JSON object") }
        let value: JSONValue
        let notJSON = APIError.malformed(
            declaresJSON(request)
                ? "request body is not valid JSON"
                : "request body is not valid JSON; send a JSON object with Content-Type: application/json")
        guard !StrictJSON.hasTrailingComma(buffer.readableBytesView) else { throw notJSON }
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
        } catch {
            throw notJSON
        }
        guard case .object(let members) = value else { throw APIError.malformed("request body must be a JSON object") }
        return BodyFields(members: members)
    }

    /// Whether the request declares a JSON body: `application/json` or a `+json` media type.
    static func declaresJSON(_ request: Request) -> Bool {
        guard let type = request.headers[.contentType]?.lowercased() else { return false }
        let mediaType = type.split(separator: ";").first?.trimmingCharacters(in: .whitespaces) ?? ""
        return mediaType == "application/json" || mediaType.hasSuffix("+json")
    }
}

/// Typed access to the fields of a JSON body; a wrong type is a 422 naming the field.
struct BodyFields {
    let members: [String: JSONValue]

    func has(_ name: String) -> Bool { members[name] != nil }

    /// A string that must be present.
    func requiredString(_ name: String) throws -> String {
        guard let value = try optionalString(name) else { throw ValidationError(field: name, reason: "is required") }
        return value
    }

    /// A string that may be absent (null counts as absent).
    func optionalString(_ name: String) throws -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw ValidationError(field: name, reason: "must be a string")
        }
    }

    /// Absent -> `.keep`; null -> `.clear`; a string -> `.set(text)`.
    func nullableString(_ name: String) throws -> FieldPatch<String> {
        switch members[name] {
        case nil: return .keep
        case .null?: return .clear
        case .string(let text)?: return .set(text)
        default: throw ValidationError(field: name, reason: "must be a string or null")
        }
    }

    /// An enum value given as a string; absent or null -> nil.
    func optionalEnum<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type) throws -> T?
    where T.RawValue == String {
        guard let raw = try optionalString(name) else { return nil }
        return try EnumParsing.parse(raw, as: type, field: name)
    }

    /// Absent -> `.keep`; null -> `.clear`; a valid enum string -> `.set(value)`.
    func nullableEnum<T: RawRepresentable & CaseIterable & Sendable & Equatable>(_ name: String, as type: T.Type)
        throws -> FieldPatch<T>
    where T.RawValue == String {
        try nullableString(name).map { try EnumParsing.parse($0, as: type, field: name) }
    }

    /// A JSON object; absent -> nil (null is refused where an object is expected).
    func optionalObject(_ name: String) throws -> [String: JSONValue]? {
        switch members[name] {
        case nil: return nil
        case .object(let object)?: return object
        default: throw ValidationError(field: name, reason: "must be a JSON object")
        }
    }
}
