import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Observability

/// `coursed serve`: runs the API until SIGTERM, then drains in-flight requests and exits 0.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP API.")

    @Option(help: "Address to listen on (also HOST).") var host: String?
    @Option(help: "Port to listen on (also PORT).") var port: Int?

    func run() async throws {
        var configuration = try ConfigurationLoader().load()
        if let host { configuration.server.host = host }
        if let port {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
            configuration.server.port = port
        }
        try StartupChecks.verify(configuration)
        let logger = Bootstrap.logger(configuration, label: "coursed")
        let app = try await buildApplication(configuration: configuration, logger: logger)
        try await app.runService()
    }
}
