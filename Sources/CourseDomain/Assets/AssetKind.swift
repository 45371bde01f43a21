/// What an asset is, derived from its content type: lesson videos, images, documents (PDF, text), anything else.
public enum AssetKind: String, Sendable, Codable, CaseIterable, Hashable {
    case video
    case image
    case document
    case other

    /// The kind of a (lower-cased, parameter-free) content type.
    public init(contentType: String) {
        if contentType.hasPrefix("video/") {
            self = .video
        } else if contentType.hasPrefix("image/") {
            self = .image
        } else if contentType == "application/pdf" || contentType.hasPrefix("text/") {
            self = .document
        } else {
            self = .other
        }
    }
}
