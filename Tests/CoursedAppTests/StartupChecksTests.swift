import Foundation
import Testing

@testable import CoursedApp

@Suite("serve start-up checks")
struct StartupChecksTests {
    /// Loads the configuration `environment` selects, with no `<env>.yml` at all.
    func load(_ environment: [String: String]) throws -> AppConfiguration {
        try ConfigurationLoader(environment: environment, directory: "/nonexistent-coursed-config").load()
    }

    @Test func appEnvInAnyCaseGetsTheProductionSecurityChecks() throws {
        for name in ["Production", "PRODUCTION"] {
            #expect(throws: CommandFailure.self) { try StartupChecks.verify(try load(["APP_ENV": name])) }
        }
        try StartupChecks.verify(try load(["APP_ENV": "Development"]))
    }
}
