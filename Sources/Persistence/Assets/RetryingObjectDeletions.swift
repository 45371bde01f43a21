public import CourseDomain

/// Deletes object prefixes at once and keeps the ones the store did not answer for, to retry them later
/// (`retryPending`, run periodically by a service of the app) until they are gone.
public actor RetryingObjectDeletions: ObjectDeletionQueue {
    private let store: any ObjectStore
    private var pending: [String] = []

    public init(store: any ObjectStore) {
        self.store = store
    }

    /// Deletes `prefix` now; remembers it when the store fails.
    public func delete(prefix: String) async {
        do {
            try await store.deletePrefix(prefix)
        } catch {
            if !pending.contains(prefix) { pending.append(prefix) }
        }
    }

    /// Tries every remembered prefix once; returns how many are still waiting.
    @discardableResult
    public func retryPending() async -> Int {
        let waiting = pending
        pending = []
        for prefix in waiting {
            do {
                try await store.deletePrefix(prefix)
            } catch {
                if !pending.contains(prefix) { pending.append(prefix) }
            }
        }
        return pending.count
    }

    /// The prefixes still to delete.
    public var waiting: [String] { pending }
}
