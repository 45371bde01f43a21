public import Foundation

/// The rules of login throttling (SPEC §4), pure: after `emailLimit` failures for one email, or `addressLimit`
/// from one client address, within `window`, further attempts wait. The wait starts at `firstDelay` and doubles
/// with every further failure, up to `maximumDelay`; it also ends once enough failures leave the window, so
/// nobody is locked out for good.
public struct LoginThrottlePolicy: Sendable, Equatable {
    public var window: TimeInterval
    public var emailLimit: Int
    public var addressLimit: Int
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval

    public init(
        window: TimeInterval = 15 * 60, emailLimit: Int = 5, addressLimit: Int = 100, firstDelay: TimeInterval = 60,
        maximumDelay: TimeInterval = 15 * 60
    ) {
        self.window = window
        self.emailLimit = max(1, emailLimit)
        self.addressLimit = max(1, addressLimit)
        self.firstDelay = max(1, firstDelay)
        self.maximumDelay = max(self.firstDelay, maximumDelay)
    }

    /// Whole seconds to wait before the next attempt under a key with these `failures` and `limit`, or nil when
    /// an attempt may be made at `now`.
    public func retryAfterSeconds(failures: [Date], limit: Int, now: Date) -> Int? {
        let recent = failures.filter { $0 > now.addingTimeInterval(-window) && $0 <= now }.sorted()
        guard recent.count >= limit, let last = recent.last else { return nil }
        let excess = recent.count - limit
        let delay = min(maximumDelay, firstDelay * pow(2, Double(min(excess, 32))))
        // Below the limit again once the oldest failures that put the key over it leave the window.
        let until = min(last.addingTimeInterval(delay), recent[excess].addingTimeInterval(window))
        guard until > now else { return nil }
        return max(1, Int(until.timeIntervalSince(now).rounded(.up)))
    }

    /// The largest wait over both keys, or nil when neither is throttled.
    public func retryAfterSeconds(emailFailures: [Date], addressFailures: [Date], now: Date) -> Int? {
        [
            retryAfterSeconds(failures: emailFailures, limit: emailLimit, now: now),
            retryAfterSeconds(failures: addressFailures, limit: addressLimit, now: now),
        ].compactMap { $0 }.max()
    }
}
