import HTTPTypes
import Hummingbird
import NIOCore

/// Builds JSON responses from a writer.
enum JSONResponse {
    static func make(
        _ status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:], capacity: Int = 512,
        _ write: (inout JSONWriter) -> Void
    ) -> Response {
        var writer = JSONWriter(capacity: capacity)
        write(&writer)
        var headers = extra
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes)))
    }
}
