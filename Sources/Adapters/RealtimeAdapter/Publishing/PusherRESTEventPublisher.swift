public import CourseDomain
import Foundation
import HTTPAPI
public import Logging
import Synchronization

/// Mode `pusher`: the use cases' events POSTed to Pusher's REST API (`/apps/{id}/batch_events`), signed as Pusher
/// documents, up to 10 a request, retried with backoff. `publish` only queues: a slow or failing Pusher never
/// fails nor slows the request that caused the event.
public final class PusherRESTEventPublisher: EventPublisher, Sendable {
    /// Sends one signed POST to `url` and returns the HTTP status (nil when nothing came back).
    public typealias Transport = @Sendable (_ url: String, _ body: [UInt8]) async -> Int?

    let credentials: PusherCredentials
    let baseURL: String
    let transport: Transport
    let clock: any WallClock
    let attempts: Int
    let backoff: Duration
    let logger: Logger
    private let pending = Mutex<[RealtimeMessage]>([])
    private let wakeUps: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    /// Events queued beyond this are dropped (and counted): Pusher being down must not grow memory without bound.
    static let maxQueued = 10_000
    let metrics: RealtimeMetrics

    /// `baseURL` is Pusher's API root, e.g. `https://api-eu.pusher.com` (from `PUSHER_HOST`).
    public init(
        credentials: PusherCredentials, baseURL: String, clock: any WallClock, logger: Logger,
        metrics: RealtimeMetrics = RealtimeMetrics(), attempts: Int = 4, backoff: Duration = .milliseconds(200),
        transport: @escaping Transport
    ) {
        self.credentials = credentials
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        self.attempts = attempts
        self.backoff = backoff
        self.transport = transport
        (wakeUps, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func publish(_ events: [DomainEvent], excludingSocket: String?) async {
        let messages = events.map { event in
            RealtimeMessage(
                channel: event.channel, event: event.name, data: EventRendering.json(event.subject),
                excludingSocket: excludingSocket)
        }
        let dropped = pending.withLock { queue -> Int in
            let room = max(0, Self.maxQueued - queue.count)
            queue.append(contentsOf: messages.prefix(room))
            return messages.count - min(room, messages.count)
        }
        if dropped > 0 { metrics.fanOutFailures.increment(by: dropped) }
        wake.yield()
    }

    /// Sends what is queued, in batches of at most 10 (what is waiting when a send starts), until cancelled.
    public func run() async {
        for await _ in wakeUps {
            while true {
                let batch = pending.withLock { queue -> [RealtimeMessage] in
                    let batch = Array(queue.prefix(10))
                    queue.removeFirst(batch.count)
                    return batch
                }
                if batch.isEmpty { break }
                await send(batch)
            }
        }
    }

    /// Posts one batch, retrying with exponential backoff; gives up (logged, counted) after `attempts`. A batch
    /// that Pusher refuses (a 4xx other than 429) is sent again event by event, and only refused events are dropped.
    func send(_ batch: [RealtimeMessage]) async {
        let body = Self.body(batch)
        var delay = backoff
        for attempt in 1...attempts {
            let url = signedURL(body: body)
            let status = await transport(url, body)
            if let status, (200..<300).contains(status) {
                metrics.delivered.increment(by: batch.count)
                return
            }
            if let status, (400..<500).contains(status), status != 429 {
                // 400 and 413 are about what was sent; another 4xx (a wrong key, secret or app id) is about every
                // request, so sending the events one by one would only multiply it.
                guard batch.count > 1, status == 400 || status == 413 else {
                    metrics.fanOutFailures.increment()
                    logger.warning("pusher refused \(batch.count) events", metadata: ["status": "\(status)"])
                    return
                }
                // One event can spoil its batch (over Pusher's 10 KB of data): each is sent on its own, so only
                // the one Pusher refuses is dropped.
                logger.warning(
                    "pusher refused a batch of \(batch.count) events; sending them one by one",
                    metadata: ["status": "\(status)"])
                for message in batch { await send([message]) }
                return
            }
            if attempt < attempts {
                guard (try? await Task.sleep(for: delay)) != nil else { return }
                delay = delay * 2
            }
        }
        metrics.fanOutFailures.increment()
        logger.warning("pusher: dropping \(batch.count) events after \(attempts) attempts")
    }

    /// `/apps/{id}/batch_events` with Pusher's signed query for `body`.
    func signedURL(body: [UInt8]) -> String {
        let path = "/apps/\(credentials.appID)/batch_events"
        let query =
            "auth_key=\(credentials.key)&auth_timestamp=\(Int(clock.now().timeIntervalSince1970))"
            + "&auth_version=1.0&body_md5=\(PusherHex.md5(body))"
        let signature = credentials.signature(of: "POST\n\(path)\n\(query)")
        return "\(baseURL)\(path)?\(query)&auth_signature=\(signature)"
    }

    static func body(_ batch: [RealtimeMessage]) -> [UInt8] {
        let events = batch.map { message in
            var fields =
                "{\"channel\":\(PusherJSON.quoted(message.channel)),\"name\":\(PusherJSON.quoted(message.event)),"
                + "\"data\":\(PusherJSON.quoted(message.data))"
            if let socket = message.excludingSocket { fields += ",\"socket_id\":\(PusherJSON.quoted(socket))" }
            return fields + "}"
        }
        return Array("{\"batch\":[\(events.joined(separator: ","))]}".utf8)
    }
}
