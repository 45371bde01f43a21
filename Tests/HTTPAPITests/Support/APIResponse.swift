import CourseDomain
import Foundation
import HTTPTypes
import Observability
import Testing

/// A response of the API under test, with its body decoded when it is JSON.
struct APIResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String
    let json: JSONValue?
    /// The body as received.
    let bytes: [UInt8]

    init(status: HTTPResponse.Status, headers: HTTPFields, bytes: [UInt8]) {
        self.bytes = bytes
        self.status = status
        self.headers = headers
        self.text = String(decoding: bytes, as: UTF8.self)
        self.json = bytes.isEmpty ? nil : try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    var code: Int { status.code }

    func header(_ name: String) -> String? { headers[HTTPField.Name(name)!] }

    var requestID: String? { header("X-Request-ID") }
    var errorCode: String? { json?["error"]?["code"]?.stringValue }
    var errorMessage: String? { json?["error"]?["message"]?.stringValue }
    var errorField: String? { json?["error"]?["field"]?.stringValue }
    var items: [JSONValue] { json?["items"]?.arrayValue ?? [] }
    var itemIDs: [String] { items.compactMap { $0["id"]?.stringValue } }
    var id: String? { json?["id"]?.stringValue }
    var nextCursor: String? { json?["next_cursor"]?.stringValue }

    /// An unmatched route, as opposed to a matched route reporting a missing resource ("course not found").
    var isUnmatchedRoute: Bool { code == 404 && errorMessage == "not found" }

    /// What every response of the API must satisfy, whatever was asked: checked on every request the tests send.
    func checkInvariants(errorShape: Bool, sourceLocation: SourceLocation) {
        #expect(code != 500, "a client request got \(code): \(text)", sourceLocation: sourceLocation)
        for (name, value) in Self.securityHeaders {
            let actual = header(name)
            if let value {
                #expect(actual == value, "\(name) on \(code)", sourceLocation: sourceLocation)
            } else {
                #expect(actual?.isEmpty == false, "\(name) missing on \(code)", sourceLocation: sourceLocation)
            }
        }
        let id = requestID ?? ""
        #expect(RequestID.isValid(id), "X-Request-ID '\(id)' on \(code)", sourceLocation: sourceLocation)
        for secret in ["password_hash", "passwordHash", FakePasswordHasher.marker, "$2b$", "$2a$", "$2y$"] {
            #expect(!text.contains(secret), "body leaks \(secret)", sourceLocation: sourceLocation)
        }
        if json != nil {
            let type = header("Content-Type") ?? ""
            let isJSON = type.hasPrefix("application/json") || type.hasPrefix("application/health+json")
            #expect(isJSON, "Content-Type \(type)", sourceLocation: sourceLocation)
        }
        if code >= 400 && errorShape {
            checkErrorShape(sourceLocation: sourceLocation)
        }
    }

    /// `{"error": {"code", "message", "request_id"}}` with the request id of the header.
    func checkErrorShape(sourceLocation: SourceLocation) {
        guard let error = json?["error"]?.objectValue else {
            Issue.record("\(code) without a JSON error body: '\(text)'", sourceLocation: sourceLocation)
            return
        }
        #expect(error["code"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(error["message"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(error["request_id"]?.stringValue == requestID, sourceLocation: sourceLocation)
        let allowed: Set<String> = ["code", "message", "request_id", "field"]
        #expect(
            Set(error.keys).isSubset(of: allowed), "error keys \(error.keys.sorted())", sourceLocation: sourceLocation)
        #expect(json?.objectValue?.count == 1, "error body has other top-level keys", sourceLocation: sourceLocation)
    }

    /// The SPEC §4 security headers; nil means any non-empty value.
    static let securityHeaders: [(String, String?)] = [
        ("Strict-Transport-Security", nil),
        ("Content-Security-Policy", nil),
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
    ]
}
