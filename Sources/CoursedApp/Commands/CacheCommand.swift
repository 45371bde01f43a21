import ArgumentParser
import Foundation
import Logging
import Persistence

/// `coursed cache ...`: the shared course cache.
struct CacheCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache", abstract: "Manage the course cache.", subcommands: [CacheWarmCommand.self])
}

/// `coursed cache warm`: pre-loads the published catalog (details and first listing pages) into Redis.
struct CacheWarmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warm", abstract: "Pre-load the published catalog into the cache.")

    func run() async throws {
        let configuration = try ConfigurationLoader().load()
        guard configuration.cache.redisURL != nil else {
            throw CommandFailure(
                code: 2, message: "cache warm: set REDIS_URL; without it there is no shared cache to warm")
        }
        guard configuration.database.url != nil else {
            // The in-memory store of this process is empty: warming from it would cache an empty catalog.
            throw CommandFailure(
                code: 2, message: "cache warm: set DATABASE_URL to the database whose catalog to load")
        }
        var logger = Logger(label: "coursed.cache")
        logger.logLevel = .warning
        let stores = try await makeStores(configuration, logger: logger)
        guard let repository = stores.cachedCourses else {
            throw CommandFailure(code: 1, message: "cache warm: no cache configured")
        }
        print("warming the published catalog into Redis (namespace \(CacheNamespace.resolve(configuration)))")
        do {
            let report = try await warmCatalog(repository) { progress in
                print("  \(progress.phase): \(progress.courses) courses, \(progress.pages) listing pages")
            }
            print(
                "warmed \(report.courses) courses and \(report.pages) listing pages (\(report.categories) categories) "
                    + "in \(report.duration); \(report.errors) cache errors")
            for close in stores.shutdown { await close() }
            if report.errors > 0 { throw CommandFailure(code: 1, message: "cache warm: \(report.errors) cache errors") }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure(code: 1, message: "cache warm failed: \(error)")
        }
    }
}
