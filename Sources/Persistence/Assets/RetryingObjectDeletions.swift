public import CourseDomain
import Synchronization

/// Deletes object prefixes at once and keeps the ones the store did not answer for, to retry them later
/// (`retryPending`, run periodically by a service of the app) until they are gone. The first attempt holds its
/// caller (a `DELETE` request) for at most `patience`: a store that hangs (each S3 call may wait 30 s, three times)
/// finishes, or fails into the retry list, in the background.
public actor RetryingObjectDeletions: ObjectDeletionQueue {
    private let store: any ObjectStore
    private let patience: Duration
    private var pending: [String] = []

    public init(store: any ObjectStore, patience: Duration = .seconds(2)) {
        self.store = store
        self.patience = patience
    }

    /// Deletes `prefix` now, waiting for the store at most `patience`; remembers it when the store fails.
    public func delete(prefix: String) async {
        let patience = self.patience
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let caller = ResumedOnce(continuation)
            let timer = Task {
                try? await Task.sleep(for: patience)
                // Remembered while the attempt runs on: if the process stops first, a later run's retries (or this
                // one's) still delete it.
                self.remember(prefix)
                caller.resume()
            }
            // Not a child task: the attempt goes on after the caller stopped waiting.
            Task { [store] in
                do {
                    try await store.deletePrefix(prefix)
                    timer.cancel()
                    self.forget(prefix)
                } catch {
                    timer.cancel()
                    self.remember(prefix)
                }
                caller.resume()
            }
        }
    }

    private func remember(_ prefix: String) {
        if !pending.contains(prefix) { pending.append(prefix) }
    }

    private func forget(_ prefix: String) {
        pending.removeAll { $0 == prefix }
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

/// A continuation that the first of several callers resumes; later calls do nothing.
private final class ResumedOnce: Sendable {
    private let continuation: Mutex<CheckedContinuation<Void, Never>?>

    init(_ continuation: CheckedContinuation<Void, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume() {
        continuation.withLock { $0.take() }?.resume()
    }
}
