import Foundation

/// Per-provider "do not call before" instants, shared by concurrent calls of one router.
final class ProviderCooldowns: @unchecked Sendable {
    // Guarded by `lock`.
    private var entries: [Int: (until: Date, cause: ProviderFailure)] = [:]
    private let lock = NSLock()

    /// The cooldown of provider `index` if it is still running at `now`.
    func active(_ index: Int, at now: Date) -> (until: Date, cause: ProviderFailure)? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = entries[index], entry.until > now else { return nil }
        return entry
    }

    func start(_ index: Int, until: Date, cause: ProviderFailure) {
        lock.lock()
        defer { lock.unlock() }
        if let current = entries[index], current.until > until { return }
        entries[index] = (until, cause)
    }

    func clear(_ index: Int) {
        lock.lock()
        defer { lock.unlock() }
        entries[index] = nil
    }
}
