public import Foundation

/// Reads an asset's upload for a worker: the asset's `storageKey` (from the asset repository) copied from the
/// object store into the job's scratch directory.
public struct VideoStoreSource: VideoSource {
    let assets: any AssetRepository
    let store: any VideoObjectStore

    public init(assets: any AssetRepository, store: any VideoObjectStore) {
        self.assets = assets
        self.store = store
    }

    public func input(assetID: UUID, into directory: URL) async throws -> URL {
        guard let asset = try await assets.asset(id: assetID) else {
            throw VideoFailure(.unreadableInput, "the asset was deleted")
        }
        let file = directory.appendingPathComponent("source")
        guard try await store.download(key: asset.storageKey, to: file) else {
            throw VideoFailure(.unreadableInput, "the uploaded file is missing from the store")
        }
        return file
    }
}
