public import CourseDomain
public import Foundation

/// Video outputs kept under a local directory (key = relative path): the embedded default with `STORAGE_DIR`, and
/// tests. It also reads uploads back as a `VideoSource`, from `uploads/<asset id>` under the same root.
public struct VideoOutputDirectoryStore: VideoOutputStore, VideoSource {
    /// The root directory.
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// The file a key is stored at.
    public func url(forKey key: String) -> URL { root.appendingPathComponent(key) }

    /// Where `VideoSource` expects an asset's upload.
    public func uploadURL(assetID: UUID) -> URL {
        root.appendingPathComponent("uploads").appendingPathComponent(assetID.uuidString.lowercased())
    }

    public func upload(directory: URL, prefix: String) async throws {
        let files = FileManager.default
        let target = url(forKey: prefix)
        guard let walker = files.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw VideoFailure(.storage, "cannot list the outputs")
        }
        let base = directory.standardizedFileURL.resolvingSymlinksInPath().path
        for case let file as URL in walker {
            guard (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let path = file.standardizedFileURL.resolvingSymlinksInPath().path
            let relative = String(path.dropFirst(base.count + 1))
            let destination = target.appendingPathComponent(relative)
            try files.createDirectory(
                at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            if files.fileExists(atPath: destination.path) { try files.removeItem(at: destination) }
            try files.copyItem(at: file, to: destination)
        }
    }

    public func delete(prefix: String) async throws {
        let target = url(forKey: prefix)
        if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
    }

    public func input(assetID: UUID, into directory: URL) async throws -> URL {
        let upload = uploadURL(assetID: assetID)
        guard FileManager.default.fileExists(atPath: upload.path) else {
            throw VideoFailure(.unreadableInput, "the uploaded file is missing")
        }
        return upload
    }
}
