public import Foundation

/// Tells the time; injected so that use cases and tests agree on it.
public protocol WallClock: Sendable {
    /// The current time, at microsecond precision.
    func now() -> Date
}

/// The system's clock, cut to microseconds.
public struct SystemWallClock: WallClock {
    public init() {}

    public func now() -> Date { Date().truncatedToMicroseconds }
}
