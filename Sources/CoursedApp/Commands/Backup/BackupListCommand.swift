import ArgumentParser
import Foundation
import ObjectStorage

/// `coursed backup list`: the backups, newest first, with size and age.
struct BackupListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List backups, newest first.")

    func run() async throws {
        let context = try BackupContext.make()
        try await context.run("list") { service in
            let entries = try await service.list()
            let now = Date()
            if entries.isEmpty { print("no backups") }
            for entry in entries {
                print("\(entry.key)  \(BackupContext.size(entry.size))  \(BackupContext.age(entry.age(at: now))) old")
            }
        }
    }
}
