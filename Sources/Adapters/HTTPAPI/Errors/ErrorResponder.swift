import CourseDomain
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// The one place where errors become HTTP statuses and the SPEC's JSON error body.
enum ErrorResponder {
    /// The status, code, message and extra headers for `error`.
    static func describe(_ error: any Error) -> (APIError, [HTTPField]) {
        switch error {
        case let error as APIError:
            return (error, [])
        case let error as ValidationError:
            let message = "\(error.field) \(error.reason)"
            return (APIError(status: .unprocessableContent, code: "validation_failed", message: message), [])
        case let error as DomainError:
            var headers: [HTTPField] = []
            if let retry = error.retryAfterSeconds {
                headers.append(HTTPField(name: .retryAfter, value: String(retry)))
            }
            return (
                APIError(status: status(of: error.code), code: error.code.rawValue, message: error.message), headers
            )
        case let error as any HTTPResponseError:
            return (
                APIError(status: error.status, code: code(of: error.status), message: message(of: error.status)), []
            )
        default:
            return (
                APIError(status: .internalServerError, code: "internal_error", message: "internal server error"), []
            )
        }
    }

    /// The JSON error response for `error`; unexpected errors are logged with the request id, never shown.
    static func response(for error: any Error, requestID: String, logger: Logger?) -> Response {
        let (apiError, headers) = describe(error)
        if apiError.status == .internalServerError, let logger {
            logger.error(
                "unhandled error",
                metadata: ["request_id": .string(requestID), "error": .string(String(reflecting: error))])
        }
        var writer = JSONWriter(capacity: 160)
        writer.beginObject()
        writer.key("error")
        writer.beginObject()
        writer.key("code")
        writer.string(apiError.code)
        writer.key("message")
        writer.string(apiError.message)
        if let field = (error as? ValidationError)?.field {
            writer.key("field")
            writer.string(field)
        }
        writer.key("request_id")
        writer.string(requestID)
        writer.endObject()
        writer.endObject()
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        for header in headers { fields.append(header) }
        return Response(
            status: apiError.status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes)))
    }

    private static func status(of code: DomainError.Code) -> HTTPResponse.Status {
        switch code {
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict, .uploadIncomplete: .conflict
        case .rateLimited: .tooManyRequests
        case .unavailable: .serviceUnavailable
        }
    }

    private static func code(of status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "malformed_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 408: "request_timeout"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 429: "rate_limited"
        case 503: "service_unavailable"
        default: status.code >= 500 ? "internal_error" : "bad_request"
        }
    }

    private static func message(of status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "not found"
        case 413: "request body is larger than 1 MiB"
        case 500...: "internal server error"
        default: status.reasonPhrase.lowercased()
        }
    }
}

extension HTTPField.Name {
    static let retryAfter = HTTPField.Name("Retry-After")!
    static let requestID = HTTPField.Name("X-Request-ID")!
}
