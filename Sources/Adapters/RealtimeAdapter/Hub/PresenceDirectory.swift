public import CourseDomain
public import Logging
import Synchronization

/// Presence channel members across instances (SPEC §16): this instance's members come from the hub; with a
/// ``SharedPresence`` (Redis) they are recorded there as they change and refreshed before they expire, and reads
/// merge every live instance's members. Without one (no Redis), this instance's members are all there is.
public final class PresenceDirectory: Sendable {
    let hub: RealtimeHub
    let shared: (any SharedPresence)?
    let refreshInterval: Duration
    let logger: Logger
    private let dirty = Mutex<Set<String>>([])
    private let recorded = Mutex<Set<String>>([])
    /// Per presence channel with members here, every instance's members at the last sweep.
    private let lastSwept = Mutex<[String: Set<String>]>([:])
    private let wake: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation

    /// `refreshInterval` must be well under the shared store's expiry (a third of it: one missed refresh is fine).
    public init(
        hub: RealtimeHub, shared: (any SharedPresence)?, refreshInterval: Duration = .seconds(10), logger: Logger
    ) {
        self.hub = hub
        self.shared = shared
        self.refreshInterval = refreshInterval
        self.logger = logger
        (wake, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        guard shared != nil else { return }
        hub.onPresenceChange { [weak self] channel in self?.changed(channel) }
    }

    private func changed(_ channel: String) {
        dirty.withLock { _ = $0.insert(channel) }
        signal.yield()
    }

    /// The members of a presence channel on every live instance: user id -> `user_info` JSON text. When the
    /// shared store cannot be read, this instance's members.
    public func members(of channel: String) async -> [String: String] {
        let local = hub.localMembers(of: channel)
        guard let shared else { return local }
        do {
            return try await shared.members(of: channel).merging(local) { _, mine in mine }
        } catch {
            logger.warning("real-time: presence of other instances unavailable: \(error)")
            return local
        }
    }

    /// Records changed rosters at once and every roster each `refreshInterval`, until the task is cancelled; then
    /// withdraws this instance's members.
    public func run() async {
        guard let shared else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [signal, refreshInterval] in
                while (try? await Task.sleep(for: refreshInterval)) != nil { signal.yield() }
            }
            var nextRefresh = ContinuousClock.now + refreshInterval
            for await _ in wake {
                var channels = dirty.withLock { dirty in
                    defer { dirty.removeAll() }
                    return dirty
                }
                var sweeping = false
                if ContinuousClock.now >= nextRefresh {
                    channels.formUnion(hub.presenceChannels())
                    nextRefresh = ContinuousClock.now + refreshInterval
                    sweeping = true
                }
                for channel in channels { await record(channel, in: shared) }
                if sweeping { await sweepDepartures() }
                if Task.isCancelled { break }
            }
            group.cancelAll()
        }
        for channel in recorded.withLock({ $0 }) {
            try? await shared.record(channel: channel, members: [:])
        }
    }

    /// Announces to this instance's subscribers the members who left a presence channel without a word: their
    /// instance died, so its shared records expired and no `member_removed` came through pub/sub. Compares every
    /// instance's members with the last sweep's (the first sweep of a channel only remembers them); a departure
    /// another instance announced meanwhile is not announced again. Run at each refresh.
    func sweepDepartures() async {
        guard let shared else { return }
        let channels = hub.presenceChannels()
        lastSwept.withLock { swept in swept = swept.filter { channels.contains($0.key) } }
        hub.pruneAnnouncedDepartures()
        for channel in channels {
            guard let members = try? await shared.members(of: channel) else { continue }
            let present = Set(members.keys).union(hub.localMembers(of: channel).keys)
            let before = lastSwept.withLock { $0.updateValue(present, forKey: channel) }
            let announced = hub.takeAnnouncedDepartures(of: channel, absentFrom: present)
            guard let before else { continue }
            for userID in before.subtracting(present).subtracting(announced).sorted() {
                hub.deliverDeparture(of: userID, from: channel)
            }
        }
    }

    private func record(_ channel: String, in shared: any SharedPresence) async {
        let members = hub.localMembers(of: channel)
        do {
            try await shared.record(channel: channel, members: members)
            recorded.withLock { recorded in
                if members.isEmpty { recorded.remove(channel) } else { recorded.insert(channel) }
            }
        } catch {
            // Tried again at the next refresh; meanwhile other instances see the last recorded members.
            dirty.withLock { _ = $0.insert(channel) }
            logger.warning("real-time: could not share presence of \(channel): \(error)")
        }
    }
}
