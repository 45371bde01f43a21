import Synchronization

/// The last value a repository's change closure saw, kept so the use case can tell what its write changed.
final class LastSeen<Value: Sendable>: Sendable {
    private let storage = Mutex<Value?>(nil)

    /// The value recorded last, if any.
    var value: Value? { storage.withLock { $0 } }

    /// Records `value` (a retried closure records the state it finally wrote over).
    func set(_ value: Value) { storage.withLock { $0 = value } }
}
