import Foundation

/// The real services the live tests use, from the environment `scripts/test-services.sh` writes.
enum TestEnvironment {
    static let environment = ProcessInfo.processInfo.environment

    /// `COURSED_TEST_S3_ENDPOINT`: a moto server.
    static var s3Endpoint: String? { environment["COURSED_TEST_S3_ENDPOINT"] }
    /// `COURSED_TEST_DATABASE_URL`: a Postgres superuser URL.
    static var databaseURL: String? { environment["COURSED_TEST_DATABASE_URL"] }
    /// `COURSED_TEST_PG_BIN`: the Postgres binaries matching that server.
    static var postgresBin: String? { environment["COURSED_TEST_PG_BIN"] }
    /// `COURSED_TEST_S3_PYTHON`: a python with botocore.
    static var python: String? { environment["COURSED_TEST_S3_PYTHON"] }

    static var hasS3: Bool { s3Endpoint != nil }
    static var hasS3AndPostgres: Bool { s3Endpoint != nil && databaseURL != nil && postgresBin != nil }
}
