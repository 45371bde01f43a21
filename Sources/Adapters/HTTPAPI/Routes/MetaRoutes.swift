import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `/openapi.yaml`: the API's own description, shipped as a resource.
struct MetaRoutes: Sendable {
    func register(on router: Router<APIRequestContext>) {
        router.get("/openapi.yaml") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml; charset=utf-8"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
    }
}

/// The OpenAPI 3 document of this API.
public enum OpenAPIDocument {
    /// The document's bytes, read once from the bundled resource.
    public static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let data = try? Data(contentsOf: url)
        else { return Array("openapi: 3.0.3\n".utf8) }
        return Array(data)
    }()
}
