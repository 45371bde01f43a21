import CourseDomain
import Foundation
import Synchronization
import Testing

@testable import RealtimeAdapter

/// A clock the test moves.
final class SteppingClock: WallClock {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    func now() -> Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 += seconds } }
}

@Suite("SSE history: resume from Last-Event-ID, or reset when the gap is gone")
struct RealtimeHistoryTests {
    private func ids(_ items: [RealtimeStreamItem]) -> [String] {
        items.map { item in
            switch item {
            case .event(_, let message): message
            case .reset: "reset"
            }
        }
    }

    private func take(_ count: Int, from stream: AsyncStream<RealtimeStreamItem>) async -> [RealtimeStreamItem] {
        var items: [RealtimeStreamItem] = []
        for await item in stream {
            items.append(item)
            if items.count == count { break }
        }
        return items
    }

    private func message(_ channel: String, _ n: Int) -> RealtimeMessage {
        RealtimeMessage(channel: channel, event: "e", data: "{\"n\":\(n)}")
    }

    @Test func resumesWithWhatWasMissedOnTheRequestedChannelsThenGoesLive() async throws {
        let history = RealtimeHistory(size: 100, maxAge: 300, clock: SteppingClock())
        let first = history.stream(channels: ["a"], lastEventID: nil)
        history.record([message("a", 1)])
        guard case .event(let firstID, _)? = await take(1, from: first).first else {
            Issue.record("no live event")
            return
        }
        history.record([message("a", 2), message("b", 3), message("a", 4)])
        let resumed = history.stream(channels: ["a"], lastEventID: firstID)
        history.record([message("a", 5)])
        let items = await take(3, from: resumed)
        #expect(ids(items).map { $0.contains("\\\"n\\\":") } == [true, true, true])
        #expect(ids(items)[0].contains("{\\\"n\\\":2}"))
        #expect(ids(items)[1].contains("{\\\"n\\\":4}"))
        #expect(ids(items)[2].contains("{\\\"n\\\":5}"))
    }

    @Test func aGapBeyondTheHistoryIsAReset() async {
        let clock = SteppingClock()
        let history = RealtimeHistory(size: 2, maxAge: 300, clock: clock)
        let live = history.stream(channels: ["a"], lastEventID: nil)
        history.record([message("a", 1)])
        guard case .event(let id, _)? = await take(1, from: live).first else { return }
        history.record([message("a", 2), message("a", 3), message("a", 4)])
        #expect(await take(1, from: history.stream(channels: ["a"], lastEventID: id)) == [.reset])
        // Age counts too: five minutes later even the last two are gone.
        let recent = history.stream(channels: ["a"], lastEventID: nil)
        history.record([message("a", 5)])
        guard case .event(let fresh, _)? = await take(1, from: recent).first else { return }
        history.record([message("a", 6)])
        clock.advance(301)
        history.record([message("a", 7)])
        #expect(await take(1, from: history.stream(channels: ["a"], lastEventID: fresh)) == [.reset])
    }

    @Test func anotherProcessesIdIsAReset() async {
        let history = RealtimeHistory(size: 10, maxAge: 300, clock: SteppingClock())
        #expect(await take(1, from: history.stream(channels: ["a"], lastEventID: "zzz-1")) == [.reset])
        #expect(await take(1, from: history.stream(channels: ["a"], lastEventID: "garbage")) == [.reset])
    }
}
