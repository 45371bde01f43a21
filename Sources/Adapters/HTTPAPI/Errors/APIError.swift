import HTTPTypes

/// An error the HTTP edge itself raises (malformed or oversized bodies), already carrying its status.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String

    static func malformed(_ message: String) -> APIError {
        APIError(status: .badRequest, code: "malformed_request", message: message)
    }

    static let payloadTooLarge = APIError(
        status: .contentTooLarge, code: "payload_too_large", message: "request body is larger than 1 MiB")
}
