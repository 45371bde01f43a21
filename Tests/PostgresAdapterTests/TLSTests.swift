import Foundation
import PostgresAdapter
import PostgresTestSupport
import Testing

@Suite("TLS through libpq's sslmode", .enabled(if: TestEnvironment.hasTLS))
struct TLSTests {
    static func connect(_ query: String) async throws -> (tls: Bool, one: Int) {
        let base = try #require(TestEnvironment.tlsURL)
        let separator = base.contains("?") ? "&" : "?"
        let pool = PostgresConnectionPool(
            configuration: PostgresPoolConfiguration(
                url: base + separator + query, poolSize: 1, timeoutMilliseconds: 5000))
        let result = await Result(awaiting: {
            try await pool.withConnection { connection in
                (connection.isTLS, try connection.query("SELECT 1 AS one").first!.decode("one", as: Int.self))
            }
        })
        await pool.close()
        return try result.get()
    }

    @Test func sslmodeRequireConnectsEncrypted() async throws {
        let result = try await Self.connect("sslmode=require")
        #expect(result.tls)
        #expect(result.one == 1)
    }

    @Test func verifyFullWithTheRightCAConnects() async throws {
        let ca = try #require(TestEnvironment.tlsCAFile)
        let result = try await Self.connect("sslmode=verify-full&sslrootcert=\(ca)")
        #expect(result.tls)
    }

    @Test func verifyFullWithAWrongCAFailsClearly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-wrong-ca-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let wrongCA = directory.appendingPathComponent("ca.crt").path
        try await ThrowawayCluster.bash(
            #"openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=wrong-ca -keyout "$1/ca.key" -out "$1/ca.crt" >/dev/null 2>&1"#,
            directory.path)
        await #expect {
            _ = try await Self.connect("sslmode=verify-full&sslrootcert=\(wrongCA)")
        } throws: { error in
            guard let error = error as? PostgresError else { return false }
            return error.code == .connectionFailed && error.message.contains("certificate verify failed")
        }
    }

    @Test func plainClusterRefusesSSLModeRequire() async throws {
        let plain = try #require(TestEnvironment.databaseURL).replacingOccurrences(
            of: "sslmode=disable", with: "sslmode=require")
        let pool = PostgresConnectionPool(configuration: PostgresPoolConfiguration(url: plain, poolSize: 1))
        await #expect {
            try await pool.withConnection { _ in () }
        } throws: { error in
            (error as? PostgresError)?.code == .connectionFailed
        }
        await pool.close()
    }
}
