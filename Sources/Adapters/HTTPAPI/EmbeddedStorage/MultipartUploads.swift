import CourseDomain
import Foundation

/// The open multipart uploads of the embedded store: their key, start time and the ETags of received parts.
actor MultipartUploads {
    private struct Upload {
        var key: String
        var initiated: Date
        var parts: [Int: String] = [:]
    }

    private var uploads: [String: Upload] = [:]

    /// Opens an upload to `key`; returns its id.
    func open(key: String, at date: Date) -> String {
        let id = UUID().uuidString.lowercased()
        uploads[id] = Upload(key: key, initiated: date)
        return id
    }

    /// Whether upload `uploadID` is open for `key`.
    func isOpen(uploadID: String, key: String) -> Bool { uploads[uploadID]?.key == key }

    /// Records part `number` with its (unquoted) ETag; false when the upload is not open.
    func received(uploadID: String, key: String, number: Int, etag: String) -> Bool {
        guard uploads[uploadID]?.key == key else { return false }
        uploads[uploadID]?.parts[number] = etag
        return true
    }

    /// The parts received so far, by number; nil when the upload is not open.
    func parts(uploadID: String, key: String) -> [Int: String]? {
        guard let upload = uploads[uploadID], upload.key == key else { return nil }
        return upload.parts
    }

    /// Closes the upload; returns the numbers of its parts (nil when it was not open).
    func close(uploadID: String, key: String) -> [Int]? {
        guard let upload = uploads[uploadID], upload.key == key else { return nil }
        uploads[uploadID] = nil
        return upload.parts.keys.sorted()
    }

    /// Uploads under `prefix` opened before `date`.
    func open(prefix: String, before date: Date) -> [OpenMultipartUpload] {
        uploads.filter { $0.value.key.hasPrefix(prefix) && $0.value.initiated < date }
            .map { OpenMultipartUpload(key: $0.value.key, uploadID: $0.key) }
            .sorted { $0.uploadID < $1.uploadID }
    }
}
