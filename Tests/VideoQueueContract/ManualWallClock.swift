public import CourseDomain
public import Foundation

/// A clock that moves only when a test advances it.
public final class ManualWallClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(microsecondsSince1970: 1_780_000_000_000_000)) {
        current = start
    }

    public func now() -> Date { lock.withLock { current } }

    /// Moves the clock forward.
    public func advance(by duration: Duration) {
        lock.withLock { current = current.addingTimeInterval(duration.inSeconds) }
    }
}
