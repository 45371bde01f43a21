/// Deletes objects so that none is orphaned: tried at once, and retried in the background until the store answers.
public protocol ObjectDeletionQueue: Sendable {
    /// Deletes every object under `prefix` (and aborts the multipart uploads open there), now or later.
    func delete(prefix: String) async
}
