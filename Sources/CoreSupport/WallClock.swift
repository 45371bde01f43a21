public import Foundation

/// Tells the time; injected so that use cases, monitoring and tests agree on it.
public protocol WallClock: Sendable {
    /// The current time.
    func now() -> Date
}

/// The system's clock, cut to microseconds (the precision PostgreSQL keeps, so stored times round-trip).
public struct SystemWallClock: WallClock {
    /// Creates the system clock.
    public init() {}

    /// The current time, cut to microseconds.
    public func now() -> Date { Date().truncatedToMicroseconds }
}
