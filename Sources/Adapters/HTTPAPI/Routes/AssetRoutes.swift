import CourseDomain
import Foundation
import HTTPTypes
import Hummingbird
import Metrics

/// `/api/courses/{id}/assets` and `/api/assets/{id}` (SPEC §14).
struct AssetRoutes: Sendable {
    let assets: AssetService
    let auth: Authentication

    func register(on router: Router<APIRequestContext>) {
        router.post("/api/courses/:id/assets") { request, context in try await create(request, context) }
        router.get("/api/courses/:id/assets") { request, context in try await list(request, context) }
        router.post("/api/assets/:id/complete") { request, context in try await complete(request, context) }
        router.get("/api/assets/:id") { request, context in try await show(request, context) }
        router.delete("/api/assets/:id") { request, context in try await delete(request, context) }
    }

    private func create(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try await auth.requirePrincipal(request)
        let courseID = try CourseRoutes.courseID(context)
        let body = try await RequestBody.object(request, context: context)
        let input = NewAsset(
            filename: try body.requiredString("filename"), contentType: try body.requiredString("content_type"),
            sizeBytes: try Self.size(body), sha256: try body.optionalString("sha256"))
        let (asset, upload) = try await assets.create(courseID: courseID, input, by: principal)
        var headers = HTTPFields()
        headers[.location] = "/api/assets/\(asset.id.uuidString.lowercased())"
        return JSONResponse.make(.created, headers: headers, capacity: 1024) { writer in
            writer.beginObject()
            writer.field("asset")
            AssetRepresentation.write(AssetView(asset: asset), to: &writer)
            writer.field("upload")
            AssetRepresentation.write(upload, to: &writer)
            writer.endObject()
        }
    }

    private func complete(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try await auth.requirePrincipal(request)
        let id = try Self.assetID(context)
        let body = try await Self.optionalBody(request, context)
        let parts = try Self.parts(body)
        let asset: Asset
        do {
            asset = try await assets.complete(id: id, parts: parts, by: principal)
        } catch let error as DomainError where error.code == .uploadIncomplete {
            Counter(label: "coursed_asset_uploads_failed_total").increment()
            throw error
        }
        Counter(label: "coursed_asset_uploads_completed_total").increment()
        Counter(label: "coursed_asset_upload_bytes_total").increment(by: Int(clamping: asset.sizeBytes))
        return JSONResponse.make { AssetRepresentation.write(AssetView(asset: asset), to: &$0) }
    }

    private func list(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let items = try await assets.list(
            courseID: try CourseRoutes.courseID(context), by: try await auth.principal(request))
        return JSONResponse.make(capacity: 128 + 512 * items.count) { writer in
            writer.beginObject()
            writer.field("items")
            writer.beginArray()
            for asset in items { AssetRepresentation.write(AssetView(asset: asset), to: &writer) }
            writer.endArray()
            writer.endObject()
        }
    }

    private func show(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let view = try await assets.asset(id: try Self.assetID(context), by: try await auth.principal(request))
        var headers = HTTPFields()
        headers[.cacheControl] = "private, no-store"
        return JSONResponse.make(headers: headers) { AssetRepresentation.write(view, to: &$0) }
    }

    private func delete(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try await auth.requirePrincipal(request)
        try await assets.delete(id: try Self.assetID(context), by: principal)
        return Response(status: .noContent)
    }

    /// `size_bytes`: an integer (a JSON number with a fraction, a string or anything else is a 422).
    static func size(_ body: BodyFields) throws -> Int64 {
        switch body.members["size_bytes"] {
        case nil, .null?: throw ValidationError(field: "size_bytes", reason: "is required")
        case .integer(let value)?: return value
        default: throw ValidationError(field: "size_bytes", reason: "must be an integer")
        }
    }

    /// `complete`'s body is optional: empty means no parts.
    static func optionalBody(_ request: Request, _ context: APIRequestContext) async throws -> BodyFields {
        if let length = request.headers[.contentLength], length == "0" { return BodyFields(members: [:]) }
        if request.headers[.contentLength] == nil && request.headers[.transferEncoding] == nil {
            return BodyFields(members: [:])
        }
        return try await RequestBody.object(request, context: context)
    }

    /// `parts: [{part_number, etag}]`, or nil when absent.
    static func parts(_ body: BodyFields) throws -> [UploadedPart]? {
        switch body.members["parts"] {
        case nil, .null?: return nil
        case .array(let items)?:
            guard items.count <= 10_000 else { throw ValidationError(field: "parts", reason: "has too many parts") }
            return try items.map { item in
                guard case .object(let fields) = item, case .integer(let number)? = fields["part_number"],
                    let etag = fields["etag"]?.stringValue, (1...10_000).contains(number)
                else { throw ValidationError(field: "parts", reason: "must be [{part_number, etag}]") }
                return UploadedPart(partNumber: Int(number), etag: etag)
            }
        default: throw ValidationError(field: "parts", reason: "must be an array")
        }
    }

    /// The `{id}` of the path; anything but a UUID is a 404.
    static func assetID(_ context: APIRequestContext) throws -> UUID {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw DomainError.notFound("asset not found")
        }
        return id
    }
}
