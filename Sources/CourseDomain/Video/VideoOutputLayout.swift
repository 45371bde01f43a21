public import Foundation

/// Where a job's outputs go in the object store: under the asset's prefix (SPEC §14), in a folder of the attempt's
/// lease token, so that a late worker's upload never overwrites the files another attempt recorded.
public enum VideoOutputLayout {
    /// The asset's own prefix, `courses/{course_id}/assets/{asset_id}`.
    public static func assetPrefix(courseID: UUID, assetID: UUID) -> String {
        "courses/\(courseID.uuidString.lowercased())/assets/\(assetID.uuidString.lowercased())"
    }

    /// The prefix of one attempt's HLS files, `courses/{course_id}/assets/{asset_id}/hls/{token}`.
    public static func outputPrefix(courseID: UUID, assetID: UUID, token: UUID) -> String {
        assetPrefix(courseID: courseID, assetID: assetID) + "/hls/" + token.uuidString.lowercased()
    }
}
