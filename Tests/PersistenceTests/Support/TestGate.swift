import Synchronization
import Testing

/// A gate test doubles pass through: open, callers go on at once; held, they wait until released.
final class TestGate: Sendable {
    private let state = Mutex<(open: Bool, held: [CheckedContinuation<Void, Never>])>((true, []))

    /// How many callers wait at the gate now.
    var heldCount: Int { state.withLock { $0.held.count } }

    /// Makes later callers wait.
    func hold() { state.withLock { $0.open = false } }

    /// Lets the callers waiting now go on, keeping later ones held.
    func releaseHeld() {
        let held = state.withLock { state in
            defer { state.held = [] }
            return state.held
        }
        for continuation in held { continuation.resume() }
    }

    /// Opens the gate and lets every waiting caller go on.
    func release() {
        let held = state.withLock { state in
            state.open = true
            defer { state.held = [] }
            return state.held
        }
        for continuation in held { continuation.resume() }
    }

    /// Returns at once when open, else when released.
    func pass() async {
        await withCheckedContinuation { continuation in
            let proceed = state.withLock { state in
                if state.open { return true }
                state.held.append(continuation)
                return false
            }
            if proceed { continuation.resume() }
        }
    }
}

/// Yields until `condition` holds (other tasks run meanwhile; nothing sleeps), recording an issue when it does
/// not hold within a minute.
func eventually(_ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(60)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met in time")
            return
        }
        await Task.yield()
        try Task.checkCancellation()
    }
}
