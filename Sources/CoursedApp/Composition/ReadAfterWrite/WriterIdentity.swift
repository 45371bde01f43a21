import Foundation

/// Who is calling, as far as read routing cares: the `sub` claim of a Bearer JWT, read without verifying the
/// signature (routing only; authorization verifies). Only a UUID is accepted, so a marker key stays small.
enum WriterIdentity {
    static func subject(ofAuthorization header: String?) -> String? {
        guard let header, header.count <= 4096 else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let segments = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3 else { return nil }
        var base64 = segments[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
            let claims = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let subject = claims["sub"] as? String, let id = UUID(uuidString: subject)
        else { return nil }
        return id.uuidString.lowercased()
    }
}
