import CoursedApp
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@Suite("Process metrics on /metrics")
struct ProcessMetricsExpositionTests {
    /// The value of the first sample of `name` in a Prometheus text exposition.
    static func value(of name: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") || line.hasPrefix(name + "{") {
            return line.split(separator: " ").last.flatMap { Double($0) }
        }
        return nil
    }

    @Test func theComposedServerExposesResidentMemoryCPUStartTimeAndDescriptors() async throws {
        var configuration = AppConfiguration()
        configuration.server.port = 0
        let server = try await buildApplication(
            configuration: configuration, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await server.application.test(.router) { client in
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            let text = String(buffer: response.body)
            #expect((Self.value(of: "process_resident_memory_bytes", in: text) ?? 0) > 1_000_000)
            #expect((Self.value(of: "process_cpu_seconds_total", in: text) ?? 0) > 0)
            #expect((Self.value(of: "process_start_time_seconds", in: text) ?? 0) > 1_700_000_000)
            #expect((Self.value(of: "process_open_fds", in: text) ?? 0) >= 3)
        }
    }
}
