import CourseDomain
import Foundation
import Hummingbird
import Synchronization

/// An instant password hasher whose hashes carry a marker, so a test can prove no hash ever reaches a body.
struct FakePasswordHasher: PasswordHasher {
    /// Every hash starts with this; response bodies must never contain it.
    static let marker = "FAKEHASH:"

    func hash(_ password: String) async throws -> String { Self.marker + String(password.reversed()) }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        hash == Self.marker + String(password.reversed())
    }
}

/// A wall clock that only moves when a test moves it.
final class TestClock: WallClock {
    private let current: Mutex<Date>

    init(_ start: Date = Date().truncatedToMicroseconds) { current = Mutex(start) }

    func now() -> Date { current.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    func advance(_ seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds).truncatedToMicroseconds }
    }
}

/// Wraps a responder and removes `Content-Length` from every request, so the router sees a streamed body
/// of unknown length (the router test client always sets the header).
struct WithoutContentLength<Inner: HTTPResponder>: HTTPResponder {
    let inner: Inner

    func respond(to request: Request, context: Inner.Context) async throws -> Response {
        var head = request.head
        head.headerFields[.contentLength] = nil
        return try await inner.respond(to: Request(head: head, body: request.body), context: context)
    }
}

/// Keeps every published event, in order.
final class RecordingEventPublisher: EventPublisher {
    private let recorded = Mutex<[DomainEvent]>([])

    var events: [DomainEvent] { recorded.withLock { $0 } }

    func publish(_ events: [DomainEvent], excludingSocket: String?) async {
        recorded.withLock { $0 += events }
    }
}
