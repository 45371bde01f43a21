import CurlHTTPClient
import Foundation
import Logging
import ObjectStorage
import UnixSignals

/// What every backup command needs, built from the configuration: the S3 client and the backup service.
struct BackupContext {
    let configuration: AppConfiguration
    let http: HTTPCurlClient
    let service: BackupService

    /// Options shared by the subcommands that run PostgreSQL programs.
    struct Tools {
        var postgresBinDirectory: String?
        var partSizeMiB: Int?
    }

    /// Loads the configuration and checks the backup settings (exit 2 on a missing or bad one).
    static func make(_ tools: Tools = Tools()) throws -> BackupContext {
        let configuration = try ConfigurationLoader().load()
        let backup = configuration.backup
        func required(_ value: String?, _ name: String) throws -> String {
            guard let value, !value.isEmpty else {
                throw CommandFailure(code: 2, message: "backup: \(name) is not set")
            }
            return value
        }
        let s3: S3Configuration
        do {
            s3 = S3Configuration(
                endpoint: try backup.endpoint.map { try S3Endpoint(parsing: $0) }, region: backup.region,
                bucket: try required(backup.bucket, "BACKUP_BUCKET"),
                credentials: AWSCredentials(
                    accessKeyID: try required(backup.accessKeyID, "AWS_ACCESS_KEY_ID"),
                    secretAccessKey: try required(backup.secretAccessKey?.value, "AWS_SECRET_ACCESS_KEY"),
                    sessionToken: ProcessInfo.processInfo.environment["AWS_SESSION_TOKEN"]))
        } catch let error as S3Error {
            throw CommandFailure(code: 2, message: "backup: \(error)")
        }
        var settings = BackupSettings(
            environment: configuration.environment, postgresBinDirectory: tools.postgresBinDirectory)
        if let mib = tools.partSizeMiB { settings.partSize = mib * 1024 * 1024 }
        var logger = Logger(label: "coursed.backup")
        logger.logLevel = .warning
        let http = HTTPCurlClient(logger: logger)
        let client = S3Client(configuration: s3, httpClient: http, logger: logger)
        return BackupContext(
            configuration: configuration, http: http,
            service: BackupService(store: client, settings: settings, logger: logger))
    }

    /// Runs `body`, shuts the HTTP client down, and turns backup and storage errors into exit 1. SIGINT or
    /// SIGTERM cancels `body`, whose cleanup (aborting the upload, stopping pg_dump) runs before the exit.
    func run(_ command: String, _ body: @escaping @Sendable (BackupService) async throws -> Void) async throws {
        let service = service
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await body(service) }
                group.addTask {
                    for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                        throw CommandFailure(code: 1, message: "backup \(command): interrupted by \(signal)")
                    }
                }
                try await group.next()
                group.cancelAll()
            }
            try? await http.shutdown()
        } catch let error as BackupError {
            try? await http.shutdown()
            throw CommandFailure(code: 1, message: "backup \(command): \(error)")
        } catch let error as S3Error {
            try? await http.shutdown()
            throw CommandFailure(code: 1, message: "backup \(command): \(error)")
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// `12.3 MiB`.
    static func size(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }

    /// `3d 4h`, `5h 2m`, `40s`.
    static func age(_ seconds: TimeInterval) -> String {
        let total = Int(seconds)
        let (days, hours, minutes) = (total / 86_400, total % 86_400 / 3600, total % 3600 / 60)
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m \(total % 60)s" }
        return "\(total)s"
    }
}
