import ArgumentParser
import CourseDomain
import Foundation
import HTTPAPI
import Logging

/// `coursed assets ...`: course assets (SPEC §14).
struct AssetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assets", abstract: "Manage course assets.", subcommands: [AssetsCleanupCommand.self])
}

/// `coursed assets cleanup [--older-than 24h]`: aborts and removes uploads never completed.
struct AssetsCleanupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup", abstract: "Abort and remove uploads never completed.")

    @Option(name: .customLong("older-than"), help: "Age of the uploads to remove, e.g. 24h, 90m, 2d (default 24h).")
    var olderThan: String = "24h"

    func run() async throws {
        guard let seconds = Self.parseAge(olderThan) else {
            throw CommandFailure(code: 2, message: "assets cleanup: --older-than must be like 24h, 90m, 2d or 3600s")
        }
        let configuration = try ConfigurationLoader().load()
        var logger = Logger(label: "coursed.assets")
        logger.logLevel = .warning
        let stores = try await makeStores(configuration, logger: logger)
        let assets = try AssetComposition.make(
            configuration, repository: stores.assets, courses: stores.courses, events: DiscardingEventPublisher(),
            clock: SystemWallClock(), logger: logger)
        let cutoff = Date().addingTimeInterval(-seconds)
        do {
            let report = try await assets.endpoints.service.cleanup(olderThan: cutoff)
            for asset in report.removedAssets {
                print(
                    "removed pending asset \(asset.id.uuidString.lowercased()) (\(asset.filename)) of course "
                        + asset.courseID.uuidString.lowercased())
            }
            for upload in report.abortedUploads {
                print("aborted multipart upload \(upload.uploadID) of \(upload.key)")
            }
            print(
                "removed \(report.removedAssets.count) pending assets, aborted \(report.abortedUploads.count) uploads")
            for close in stores.shutdown { await close() }
        } catch {
            for close in stores.shutdown { await close() }
            throw CommandFailure(code: 1, message: "assets cleanup failed: \(error)")
        }
    }

    /// `24h`, `90m`, `2d`, `3600s` or plain seconds.
    static func parseAge(_ text: String) -> TimeInterval? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var number = Substring(text)
        var unit = 1.0
        if let last = text.last, let factor = units[last] {
            unit = factor
            number = text.dropLast()
        }
        guard let value = Double(number), value >= 0, value.isFinite else { return nil }
        return value * unit
    }
}
