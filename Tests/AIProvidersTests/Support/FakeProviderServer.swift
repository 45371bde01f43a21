import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback HTTP/1.1 server speaking the Anthropic Messages and Gemini generateContent wire formats,
/// switchable per provider to misbehave, and recording every request it receives.
final class FakeProviderServer: Sendable {
    enum Provider: String, Sendable, CaseIterable {
        case anthropic
        case gemini
    }

    /// How the server answers a provider's calls.
    enum Behavior: Sendable, Equatable {
        /// A well-formed answer (text `answerText(for:)`, fixed usage).
        case normal
        /// 429; Anthropic with a `retry-after` header, Gemini with a RetryInfo `retryDelay`.
        case rateLimited(retryAfterSeconds: Int)
        /// 500 in the provider's error format.
        case serverError
        /// Anthropic 529 `overloaded_error` / Gemini 503 `UNAVAILABLE`, with `retry-after` when given.
        case overloaded(retryAfterSeconds: Int?)
        /// 200 with a body that is not JSON.
        case malformedJSON
        /// 200 with a body of `bytes` bytes, with `Content-Length` or chunked.
        case huge(bytes: Int, chunked: Bool)
        /// Reads the request and never answers.
        case hang
    }

    /// One request as received.
    struct Recorded: Sendable {
        var method: String
        var path: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// Every value of the header `name`, in order.
        subscript(headers name: String) -> [String] {
            headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        }

        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        }
    }

    struct State {
        var behaviors: [Provider: Behavior] = [:]
        var requests: [Recorded] = []
        var connectionsAccepted = 0
        var children: [any Channel] = []
    }

    static let anthropicKey = "sk-ant-test-SECRET-0123456789"
    static let geminiKey = "AIzaTEST-SECRET-abcdefghij"
    static let anthropicUsage = (input: 12, output: 34)
    static let geminiUsage = (input: 21, output: 43, thoughts: 5)

    let state = Mutex(State())
    private let serverChannel: Mutex<(any Channel)?> = Mutex(nil)
    let port: Int

    private init(port: Int) { self.port = port }

    /// Starts a server on 127.0.0.1 with an ephemeral port.
    static func start() async throws -> FakeProviderServer {
        let box = Mutex<FakeProviderServer?>(nil)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                guard let server = box.withLock({ $0 }) else { return channel.close() }
                server.accepted(channel)
                return channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(FakeProviderHandler(server: server))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        let server = FakeProviderServer(port: channel.localAddress!.port!)
        server.serverChannel.withLock { $0 = channel }
        box.withLock { $0 = server }
        return server
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func setBehavior(_ behavior: Behavior, for provider: Provider? = nil) {
        state.withLock { state in
            for each in provider.map({ [$0] }) ?? Provider.allCases { state.behaviors[each] = behavior }
        }
    }

    func behavior(for provider: Provider) -> Behavior { state.withLock { $0.behaviors[provider] ?? .normal } }

    var requests: [Recorded] { state.withLock { $0.requests } }
    var connectionsAccepted: Int { state.withLock { $0.connectionsAccepted } }

    func record(_ request: Recorded) { state.withLock { $0.requests.append(request) } }

    private func accepted(_ channel: any Channel) {
        state.withLock {
            $0.connectionsAccepted += 1
            $0.children.append(channel)
        }
    }

    /// Closes the listening socket and every open connection (hanging ones included).
    func stop() async {
        let (server, children) = (serverChannel.withLock { $0 }, state.withLock { $0.children })
        for child in children { try? await child.close() }
        try? await server?.close()
    }

    /// The text a normal answer carries.
    static func answerText(for provider: Provider) -> String { "Outline from \(provider.rawValue): ## Module 1" }
}
