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

    @Test(arguments: [
        ("root@example.com", "pw-tiny", "configuration error: ADMIN_PASSWORD: must be at least 8 characters"),
        ("root-at-example", "long-enough-password", "configuration error: ADMIN_EMAIL: is not a valid email address"),
        (
            "root@example.com", String(repeating: "p", count: 73),
            "configuration error: ADMIN_PASSWORD: must be at most 72 bytes"
        ),
    ])
    func anInvalidAdminIsAConfigurationErrorNamingTheVariable(email: String, password: String, expected: String)
        throws
    {
        var configuration = try load([:])
        configuration.admin = (email, Secret(password))
        do {
            try StartupChecks.verify(configuration)
            Issue.record("accepted ADMIN_EMAIL=\(email)")
        } catch let error as ConfigurationError {
            #expect(error.description == expected)
        }
        configuration.admin = ("Root@Example.com", Secret("long-enough-password"))
        try StartupChecks.verify(configuration)
    }

    @Test func unknownKeysAreOneWarningListingThem() throws {
        var configuration = try load([:])
        configuration.unknownKeys = ["database.pool_sise", "monitoring.datadog_api_key"]
        #expect(
            StartupChecks.warnings(configuration) == [
                "unknown configuration keys, ignored: database.pool_sise, monitoring.datadog_api_key"
            ])
    }

    @Test func clusterModeIsSupportedAndStartsWithoutWarning() throws {
        var configuration = try load([:])
        configuration.cache.clusterMode = true
        try StartupChecks.verify(configuration)
        #expect(StartupChecks.warnings(configuration) == [])
    }
}
