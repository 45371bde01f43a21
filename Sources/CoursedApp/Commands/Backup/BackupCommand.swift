import ArgumentParser

/// `coursed backup create|list|prune|restore` (SPEC §11): database backups in S3-compatible storage.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Back the database up to S3-compatible storage; list, prune, restore.",
        subcommands: [
            BackupCreateCommand.self, BackupListCommand.self, BackupPruneCommand.self, BackupRestoreCommand.self,
        ])
}
