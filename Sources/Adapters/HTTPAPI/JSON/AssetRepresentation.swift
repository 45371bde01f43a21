import CourseDomain
import Foundation

/// The JSON shapes of assets and upload instructions (SPEC §14).
enum AssetRepresentation {
    static func write(_ view: AssetView, to writer: inout JSONWriter) {
        let asset = view.asset
        writer.beginObject()
        writer.field("id")
        writer.uuid(asset.id)
        writer.field("course_id")
        writer.uuid(asset.courseID)
        writer.field("kind")
        writer.string(asset.kind.rawValue)
        writer.field("filename")
        writer.string(asset.filename)
        writer.field("content_type")
        writer.string(asset.contentType)
        writer.field("size_bytes")
        writer.integer(asset.sizeBytes)
        if let sha256 = asset.sha256 {
            writer.field("sha256")
            writer.string(sha256)
        }
        writer.field("status")
        writer.string(asset.status.rawValue)
        if let error = asset.error {
            writer.field("error")
            writer.string(error)
        }
        if let progress = asset.progress {
            writer.field("progress")
            writer.integer(Int64(progress))
        }
        if let media = asset.media {
            writer.field("media")
            writer.object(media)
        }
        if let url = view.downloadURL, let expires = view.downloadExpiresAt {
            writer.field("download_url")
            writer.string(url)
            writer.field("download_expires_at")
            writer.date(expires)
        }
        writer.field("created_at")
        writer.date(asset.createdAt)
        writer.field("updated_at")
        writer.date(asset.updatedAt)
        writer.endObject()
    }

    static func write(_ upload: AssetUpload, to writer: inout JSONWriter) {
        writer.beginObject()
        switch upload {
        case .single(let request, let expiresAt):
            writer.field("method")
            writer.string(request.method)
            writer.field("url")
            writer.string(request.url)
            writer.field("headers")
            writeHeaders(request.headers, to: &writer)
            writer.field("expires_at")
            writer.date(expiresAt)
        case .multipart(let partSize, let parts, let expiresAt):
            writer.field("multipart")
            writer.beginObject()
            writer.field("part_size")
            writer.integer(partSize)
            writer.field("parts")
            writer.beginArray()
            for part in parts {
                writer.beginObject()
                writer.field("part_number")
                writer.integer(Int64(part.partNumber))
                writer.field("url")
                writer.string(part.request.url)
                if !part.request.headers.isEmpty {
                    writer.field("headers")
                    writeHeaders(part.request.headers, to: &writer)
                }
                writer.endObject()
            }
            writer.endArray()
            writer.endObject()
            writer.field("expires_at")
            writer.date(expiresAt)
        }
        writer.endObject()
    }

    private static func writeHeaders(_ headers: [ObjectHeader], to writer: inout JSONWriter) {
        writer.beginObject()
        for header in headers {
            writer.key(header.name)
            writer.string(header.value)
        }
        writer.endObject()
    }
}
