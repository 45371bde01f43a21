import Foundation

/// The "stop claiming" signal of a set of workers (graceful shutdown), awaitable without polling.
public final class VideoWorkerStop: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]

    public init() {}

    /// Asks every worker to stop claiming; wakes all waiters. Idempotent.
    public func request() {
        let woken = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            requested = true
            defer { waiters = [:] }
            return Array(waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }

    /// Whether a stop was requested.
    public var isRequested: Bool { lock.withLock { requested } }

    /// Returns once a stop is requested, or the calling task is cancelled.
    public func waitUntilRequested() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = lock.withLock { () -> Bool in
                    if requested || Task.isCancelled { return true }
                    waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = lock.withLock { waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }

    /// Returns once a stop is requested or `timeout` passed (by `sleep`), whichever comes first.
    public func wait(
        upTo timeout: Duration,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitUntilRequested() }
            group.addTask { try? await sleep(timeout) }
            await group.next()
            group.cancelAll()
        }
    }
}
