import CourseDomain
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /api/realtime/stream?channels=a,b`: Server-Sent Events for clients without WebSocket (SPEC §16), with
/// `Last-Event-ID` resume from the channels' recent history, or `event: reset` when it is gone.
struct RealtimeStreamRoutes: Sendable {
    let realtime: RealtimeService
    let source: any RealtimeStreamSource
    let auth: Authentication

    /// At most this many channels a stream.
    static let maxChannels = 20
    /// A comment line this often: a client that went away is noticed by the failed write.
    static let heartbeat = Duration.seconds(5)

    func register(on router: Router<APIRequestContext>) {
        router.get("/api/realtime/stream") { request, _ in
            let principal = try await auth.principal(request)
            let names = (request.uri.queryParameters.get("channels") ?? "").split(separator: ",").map(String.init)
            guard !names.isEmpty, names.count <= Self.maxChannels else {
                throw ValidationError(field: "channels", reason: "must list 1 to \(Self.maxChannels) channels")
            }
            for name in names { try await realtime.checkRead(channelName: name, by: principal) }
            let lastEventID = request.headers[HTTPField.Name("Last-Event-ID")!]
            let stream = source.stream(channels: Array(Set(names)), lastEventID: lastEventID)
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-cache"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    let (merged, input) = AsyncStream.makeStream(of: RealtimeStreamItem?.self)
                    let pump = Task {
                        for await item in stream { input.yield(item) }
                        input.finish()
                    }
                    let beat = Task {
                        while (try? await Task.sleep(for: Self.heartbeat)) != nil { input.yield(nil) }
                    }
                    defer {
                        pump.cancel()
                        beat.cancel()
                    }
                    try await writer.write(ByteBuffer(string: ": connected\n\n"))
                    for await item in merged {
                        try await writer.write(ByteBuffer(string: item.map(Self.render) ?? ": keepalive\n\n"))
                    }
                    try await writer.finish(nil)
                })
        }
    }

    /// One SSE record.
    static func render(_ item: RealtimeStreamItem) -> String {
        switch item {
        case .event(let id, let message): "id: \(id)\nevent: message\ndata: \(message)\n\n"
        case .reset: "event: reset\ndata: {}\n\n"
        }
    }
}
