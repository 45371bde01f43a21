import ArgumentParser
import Foundation
import Observability

/// `coursed alerts export`: the configured alert rules as a Prometheus rules file.
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts", abstract: "Alert rules.", subcommands: [AlertsExportCommand.self])
}

/// `coursed alerts export [--output FILE]`: writes the rules (stdout by default); `promtool check rules` passes.
struct AlertsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the alert rules as a Prometheus rules file.")

    @Option(help: "Write to this file instead of standard output.") var output: String?

    func run() async throws {
        let configuration = try ConfigurationLoader().load()
        let text = PrometheusRulesExporter.render(Monitoring.rules(configuration.monitoring.alerts))
        if let output {
            do {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure(code: 1, message: "alerts export: cannot write \(output)")
            }
            print("wrote \(output)")
        } else {
            print(text, terminator: "")
        }
    }
}
